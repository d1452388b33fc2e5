import Foundation

/// `GET /sim/images/{name}`: image files on loopback, so that a test (or the demo) whose catalog
/// names images here never needs the internet, e.g. Magento uploads, which download each image.
///
/// - any name: a 1×1 PNG (`image/png`; `image/jpeg` for `.jpg`/`.jpeg`, `image/gif`, `image/webp`
///   likewise, with the same bytes);
/// - `missing-…`: 404;
/// - `not-an-image-…`: a small HTML page (`text/html`), as a login wall or an error page would be;
/// - `large-…`: 256 KiB, for size limits.
///
/// Served without authentication and outside the request log: it is the internet, not the store.
enum SimImageRoute {
    static let prefix = "/sim/images/"

    /// The smallest valid PNG: one transparent pixel.
    static let pixel = [UInt8](
        Data(base64Encoded: "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==")!)

    static func respond(path: String) -> SimResponse {
        let name = String(path.dropFirst(prefix.count)).removingPercentEncoding ?? ""
        if name.isEmpty || name.hasPrefix("missing-") {
            return SimResponse(status: 404, headers: [("Content-Type", "text/plain")], body: Array("no such image\n".utf8))
        }
        if name.hasPrefix("not-an-image-") {
            return SimResponse(
                status: 200, headers: [("Content-Type", "text/html; charset=utf-8")], body: Array("<html><body>Sign in</body></html>".utf8))
        }
        let body = name.hasPrefix("large-") ? pixel + [UInt8](repeating: 0, count: 256 * 1024) : pixel
        return SimResponse(status: 200, headers: [("Content-Type", contentType(name))], body: body)
    }

    static func contentType(_ name: String) -> String {
        switch name.split(separator: ".").last?.lowercased() {
        case "jpg", "jpeg": "image/jpeg"
        case "gif": "image/gif"
        case "webp": "image/webp"
        default: "image/png"
        }
    }
}
