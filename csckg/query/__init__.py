"""Running SPARQL: named queries and analysts' own, on the local graph or any SPARQL server."""
