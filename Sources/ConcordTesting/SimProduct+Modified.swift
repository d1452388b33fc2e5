import Foundation
import SimulatorCore

extension SimProduct {
    /// When the product or any of its variants last changed: what WooCommerce's
    /// `modified_after` compares a variable product by.
    public var lastModified: Date { variants.map(\.updatedAt).reduce(updatedAt, max) }
}
