import Foundation
import JSONValue
import SimulatorCore

/// An error as Magento's REST layer renders it: `{"message": "... %1 ...", "parameters": [...]}`.
///
/// Magento keeps the placeholders in `message` and puts their values in `parameters`, a list for
/// positional `%1` placeholders and an object for named ones (`%resources`, `%fieldName`); clients
/// fill them in themselves. `parameters` is left out when there are none, as Magento does
/// (Magento\Framework\Webapi\ErrorProcessor).
struct MagentoError: Error, Sendable {
    var status: Int
    var message: String
    /// `.array` for `%1`-style placeholders, `.object` for named ones, nil for none.
    var parameters: JSONValue?
    /// Per-item errors of a validation failure (`ValidationException`), rendered as `errors`.
    var errors: [JSONValue] = []

    init(status: Int, _ message: String, parameters: JSONValue? = nil, errors: [JSONValue] = []) {
        self.status = status
        self.message = message
        self.parameters = parameters
        self.errors = errors
    }

    var response: SimResponse {
        var body = JSONObject()
        body["message"] = .string(message)
        if !errors.isEmpty { body["errors"] = .array(errors) }
        if let parameters { body["parameters"] = parameters }
        return .json(.object(body), status: status)
    }

    /// The message with its placeholders filled from `parameters` (`%1`… from a list, `%name`
    /// from an object), as `LocalizedException::getMessage()` renders it.
    var renderedMessage: String { Self.render(message, parameters: parameters) }

    static func render(_ message: String, parameters: JSONValue?) -> String {
        var text = message
        if let list = parameters?.arrayValue {
            // From the highest index down, so that %1 does not eat the start of %10.
            for (index, value) in list.enumerated().reversed() {
                text = text.replacingOccurrences(of: "%\(index + 1)", with: value.stringValue ?? value.serialized)
            }
        } else if let object = parameters?.objectValue {
            for key in object.keys.sorted(by: { $0.count > $1.count }) {
                let value = object[key] ?? .null
                text = text.replacingOccurrences(of: "%" + key, with: value.stringValue ?? value.serialized)
            }
        }
        return text
    }

    // MARK: The errors Magento answers most

    /// Magento\Webapi\Controller\Rest\Router: no route for this method and path.
    static let noRoute = MagentoError(status: 404, "Request does not match any route.")

    /// Magento\Webapi\Controller\Rest\RequestValidator::checkPermissions, with the route's ACL resource.
    static func unauthorized(resource: String) -> MagentoError {
        MagentoError(status: 401, "The consumer isn't authorized to access %resources.", parameters: ["resources": .string(resource)])
    }

    /// ProductRepository::get for an unknown SKU or id.
    static let productNotFound = MagentoError(
        status: 404, "The product that was requested doesn't exist. Verify the product and try again.")

    /// OrderRepository::get for an unknown id.
    static let entityNotFound = MagentoError(status: 404, "The entity that was requested doesn't exist. Verify the entity and try again.")

    /// A required service parameter is missing (InputException::requiredField).
    static func requiredField(_ name: String) -> MagentoError {
        MagentoError(status: 400, "\"%fieldName\" is required. Enter and try again.", parameters: ["fieldName": .string(name)])
    }

    /// ServiceInputProcessor when a value has the wrong type (`pageSize=abc`).
    static func invalidType(_ value: String, expected type: String) -> MagentoError {
        MagentoError(
            status: 400, "The \"%value\" value's type is invalid. The \"%type\" type was expected. Verify and try again.",
            parameters: ["value": .string(value), "type": .string(type)])
    }

    /// The JSON body could not be read (Magento\Framework\Webapi\Rest\Request\Deserializer\Json, production mode).
    static let decodingError = MagentoError(status: 400, "Decoding error.")

    /// An EAV collection asked to filter or sort on an attribute that does not exist.
    static func invalidAttribute(_ name: String) -> MagentoError {
        MagentoError(status: 400, "Invalid attribute name: %1", parameters: [.string(name)])
    }

    /// A flat table asked for a column it does not have: MySQL fails and Magento, in production
    /// mode, hides the details behind a report id.
    static func internalError(reportID: String) -> MagentoError {
        MagentoError(status: 500, "Internal Error. Details are available in Magento log file. Report ID: webapi-\(reportID)")
    }
}
