// Comunica as the tests drive it (tests/test_comunica.py): one process answers one query per
// line of stdin, a JSON object {"query": "...", "sources": [...]}, with one line of JSON on
// stdout: {"ok": true, "form": "SELECT", "rows": [{"var": {"type": "uri", "value": ...}}],
// "requests": [{"url", "accept", "status", "type"}]} — the HTTP requests Comunica made, so the
// tests can see it negotiate — or {"ok": false, "error": "..."}.
// A source is a URL (Comunica dereferences it and reads whatever RDF it gets) or
// {"type": "sparql", "value": URL} (a SPARQL endpoint).
import readline from 'node:readline';
import { QueryEngine } from '@comunica/query-sparql';

const engine = new QueryEngine();

function term(t) {
  switch (t.termType) {
    case 'NamedNode': return { type: 'uri', value: t.value };
    case 'BlankNode': return { type: 'bnode', value: t.value };
    case 'Literal': {
      const out = { type: 'literal', value: t.value };
      if (t.language) out['xml:lang'] = t.language;
      else if (t.datatype && t.datatype.value !== 'http://www.w3.org/2001/XMLSchema#string') out.datatype = t.datatype.value;
      return out;
    }
    default: return { type: t.termType, value: t.value };
  }
}

async function answer(request) {
  // Every query fetches its documents anew: the tests count the requests it makes.
  await engine.invalidateHttpCache();
  const requests = [];
  const recordingFetch = async (input, init) => {
    const response = await fetch(input, init);
    const headers = new Headers(init && init.headers);
    requests.push({
      url: typeof input === 'string' ? input : input.url,
      method: (init && init.method) || 'GET',
      accept: headers.get('accept'),
      status: response.status,
      type: response.headers.get('content-type'),
    });
    return response;
  };
  const context = { sources: request.sources, fetch: recordingFetch, lenient: false, noCache: true };
  const result = await engine.query(request.query, context);
  if (result.resultType === 'bindings') {
    const bindings = await (await result.execute()).toArray();
    const rows = bindings.map((b) => Object.fromEntries([...b].map(([k, v]) => [k.value, term(v)])));
    return { ok: true, form: 'SELECT', rows, requests };
  }
  if (result.resultType === 'boolean') {
    return { ok: true, form: 'ASK', boolean: await result.execute(), requests };
  }
  const quads = await (await result.execute()).toArray();
  const triples = quads.map((q) => [term(q.subject), term(q.predicate), term(q.object)]);
  return { ok: true, form: 'CONSTRUCT', triples, requests };
}

const lines = readline.createInterface({ input: process.stdin, crlfDelay: Infinity });
process.stdout.write(JSON.stringify({ ready: true, node: process.version }) + '\n');
for await (const line of lines) {
  if (!line.trim()) continue;
  let out;
  try {
    out = await answer(JSON.parse(line));
  } catch (error) {
    out = { ok: false, error: String(error && error.stack || error) };
  }
  process.stdout.write(JSON.stringify(out) + '\n');
}
