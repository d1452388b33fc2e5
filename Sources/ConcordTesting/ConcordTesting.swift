// ConcordTesting
