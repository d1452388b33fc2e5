/// Catalog accuracy audits and operations KPIs: findings, run history and orders in, a report
/// model out, rendered as text, JSON, CSV or one self-contained HTML file (`concord audit`).
public enum AuditModule {}
