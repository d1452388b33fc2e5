/// Matching, three-way comparison and listing-error rules: pure functions from catalog, store snapshot and bases to findings.
public enum Reconcile {}
