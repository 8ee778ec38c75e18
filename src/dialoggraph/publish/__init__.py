"""Publishing the validated graph into an external SPARQL 1.1 store (:mod:`.publisher`)."""

from .publisher import (DEFAULT_CHUNK_TRIPLES, Payload, PublishError, PublishResult, Target, chunks, publish,
                        published_triples)

__all__ = ["DEFAULT_CHUNK_TRIPLES", "Payload", "PublishError", "PublishResult", "Target", "chunks", "publish",
           "published_triples"]
