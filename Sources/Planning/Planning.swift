/// Findings and policies to a plan of batched changes with preconditions, and the mass-change guard.
public enum Planning {}
