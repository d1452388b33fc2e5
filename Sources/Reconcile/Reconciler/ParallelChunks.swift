import Dispatch

/// Splits a run of listings into consecutive chunks and works them on all cores.
///
/// Reconciling a store is one independent decision per listing, so a million listings split
/// into chunks that each keep their own outputs need no locks; joining the outputs in chunk order
/// gives exactly the sequential result. More chunks than cores lets a core that finishes early
/// (or one the machine's other work slowed) take the next chunk.
enum ParallelChunks {
    /// Below this many listings per chunk, a thread costs more than it saves.
    static let minimumChunk = 16_384
    static let maximumChunks = 16

    /// The chunk count for `count` listings: one for a small store.
    static func defaultCount(for count: Int) -> Int {
        max(1, min(maximumChunks, count / minimumChunk))
    }

    /// `chunks` consecutive, nearly equal ranges covering `0..<count` (at least one, never empty
    /// unless `count` is zero).
    static func ranges(count: Int, chunks: Int) -> [Range<Int>] {
        let chunks = max(1, min(chunks, count))
        guard chunks > 1 else { return [0..<count] }
        return (0..<chunks).map { chunk in (count * chunk / chunks)..<(count * (chunk + 1) / chunks) }
    }

    /// `body` applied to every range, in parallel, results in range order. The calling thread
    /// takes part, and the call returns when every range is done.
    static func map<T>(_ ranges: [Range<Int>], _ body: (Range<Int>) -> T) -> [T] {
        guard ranges.count > 1 else { return ranges.map(body) }
        return [T](unsafeUninitializedCapacity: ranges.count) { buffer, initialized in
            let results = SendableBuffer(base: buffer.baseAddress!)
            withoutActuallyEscaping(body) { body in
                let work = SendableWork(body: body)
                DispatchQueue.concurrentPerform(iterations: ranges.count) { chunk in
                    // Each iteration writes only its own slot.
                    (results.base + chunk).initialize(to: work.body(ranges[chunk]))
                }
            }
            initialized = ranges.count
        }
    }

    private struct SendableBuffer<T>: @unchecked Sendable {
        let base: UnsafeMutablePointer<T>
    }

    /// `body` only reads the shared input; each call's output goes to its own slot.
    private struct SendableWork<T>: @unchecked Sendable {
        let body: (Range<Int>) -> T
    }
}
