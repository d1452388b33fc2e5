import CatalogModel
import ConcordConfig
import Foundation
import Sync
import Telemetry
import WebhookReceiver

/// The running webhook receiver of `concord listen` / `concord run --listen`: its server, the
/// SKUs it is gathering, and the time limit its targeted syncs answer to.
///
/// Webhook syncs do not stop on SIGTERM itself but on ``deadline``, which ``drain(timeout:)``
/// requests when the shutdown's time is up: SKUs a platform reported, and was answered 200 for,
/// are written before the process exits rather than left to the next scheduled run.
struct WebhookListener: Sendable {
    let server: WebhookServer
    let debouncer: SKUDebouncer
    let service: SyncService
    let writer: EventLogWriter
    /// Requested when a shutdown's drain runs out of time; every webhook sync honours it.
    let deadline: StopSignal

    /// Shuts the receiver down without losing what it acknowledged: answers new deliveries 503
    /// (the platforms deliver them again later), waits for those being handled, runs one last
    /// targeted sync of every SKU still being gathered, and stops the server. Everything is
    /// bounded by `timeout`: a sync still writing then stops after its write call in flight
    /// (the rest stays queued for the next run, as `concord apply --resume` finishes it), and
    /// what was not done is logged with its count.
    func drain(timeout: Duration) async {
        await server.refuseNewDeliveries()
        let gathered = await debouncer.takePending().values.reduce(into: Set<SKU>()) { $0.formUnion($1) }
        let limit = Task { [deadline] in
            guard (try? await Task.sleep(for: timeout)) != nil else { return }
            deadline.request(reason: "drain timeout")
        }
        defer { limit.cancel() }
        // The deadline stops writes between calls; a read or a call hanging on a store that went
        // away is not cut short by it, so the stop as a whole gets a hard cap too (the journal
        // makes leaving then as safe as a crash: the next start resumes it).
        let finished = StopSignal()
        let work = Task { [self] in
            await syncGathered(gathered, timeout: timeout)
            // A sync a webhook started before the signal finishes too, under the same limit.
            await service.waitForIdle()
            finished.request(reason: "done")
        }
        let cap = Task {
            guard (try? await Task.sleep(for: timeout + Self.grace)) != nil else { return }
            finished.request(reason: "cap")
        }
        await finished.wait()
        cap.cancel()
        if finished.reason == "cap" {
            work.cancel()
            writer.write(
                LogRecord(
                    level: "warning",
                    message:
                        "a webhook sync was still running \(ServiceDuration.format(timeout + Self.grace)) after the stop began; exiting anyway (the next start resumes what it journaled, the next scheduled sync covers the rest)",
                    event: "webhook_drain_incomplete"))
        }
        await server.stop()
    }

    /// How long past the time limit the write call in flight may take before the stop gives up.
    static let grace: Duration = .seconds(10)

    private func syncGathered(_ gathered: Set<SKU>, timeout: Duration) async {
        guard !gathered.isEmpty else { return }
        writer.write(
            LogRecord(
                level: "info",
                message:
                    "stopping: one last targeted sync of \(gathered.count) SKU(s) gathered from webhooks (up to \(ServiceDuration.format(timeout)))",
                event: "webhook_drain"))
        let report = await service.targetedRun(gathered, stop: deadline)
        if let report {
            let planned = report.stores.reduce(0) { $0 + $1.changesPlanned }
            let applied = report.stores.reduce(0) { $0 + ($1.apply?.applied ?? 0) }
            if report.stoppedBy != nil, planned > applied {
                writer.write(
                    LogRecord(
                        level: "warning",
                        message:
                            "drain time limit reached: \(planned - applied) change(s) for the gathered SKUs left queued for the next run (concord run resumes them; or concord apply --resume)",
                        event: "webhook_drain_incomplete", runID: report.runID))
            }
        } else {
            writer.write(
                LogRecord(
                    level: "warning",
                    message:
                        "\(gathered.count) SKU(s) gathered from webhooks were not synced before stopping; the next scheduled sync covers them",
                    event: "webhook_drain_incomplete"))
        }
    }
}
