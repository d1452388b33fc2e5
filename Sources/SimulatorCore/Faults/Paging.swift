/// A page that is cut wrong on purpose, the way real platforms do it when rows change while a
/// client pages: items repeat from the previous page, or some are skipped.
public enum PagingFault: Hashable, Sendable {
    /// The page starts `n` items early, repeating the end of the previous page.
    case duplicate(Int)
    /// The page starts `n` items late, skipping them.
    case shift(Int)
}

/// Cutting pages out of an ordered list, with the injected paging faults applied. Every platform
/// module pages through this one function, so a fault means the same thing on all three.
public enum Paging {
    /// The index range of the page that starts at `offset` and holds at most `limit` items.
    public static func window(count: Int, offset: Int, limit: Int, fault: PagingFault? = nil) -> Range<Int> {
        var start = max(0, offset)
        switch fault {
        case .duplicate(let n)? where start > 0: start = max(0, start - n)
        case .shift(let n)?: start += n
        default: break
        }
        let lower = min(start, count)
        return lower..<min(count, lower + max(0, limit))
    }

    public static func page<T>(_ items: [T], offset: Int, limit: Int, fault: PagingFault? = nil) -> ArraySlice<T> {
        items[window(count: items.count, offset: offset, limit: limit, fault: fault)]
    }
}
