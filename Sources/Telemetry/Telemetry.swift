/// Run metrics in the Prometheus text exposition format, served on loopback for a scraper.
public enum TelemetryModule {}
