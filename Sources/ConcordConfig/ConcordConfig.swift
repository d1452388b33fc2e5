// ConcordConfig
