import CatalogModel
import Foundation

/// Concord's own catalog format: JSON Lines, one variant per line, each line a complete JSON
/// object that also carries its product's fields.
///
/// One self-contained object per line means a file can be produced and consumed a line at a time,
/// grepped, split and diffed, and a bad line is reported by its line number. The format is
/// lossless: every field of ``Product`` and ``Variant`` has a key, so import → export → import is
/// the identity.
///
/// ```json
/// {"location":{"code":"main","name":"Main warehouse"}}
/// {"handle":"linen-shirt","productTitle":"Linen Shirt","descriptionHTML":"<p>Airy.</p>","vendor":"Fern & Fold","productType":"Shirts","tags":["linen"],"productStatus":"active","optionNames":["Size"],"productImages":[],"sku":"LS-M","title":"M","options":["M"],"price":{"amount":"59.00","currency":"EUR"},"weight":{"value":"0.21","unit":"kg"},"status":"active","images":[],"allowsBackorder":false,"requiresShipping":true,"stock":[{"location":"main","onHand":12,"available":10,"committed":2}]}
/// ```
///
/// - Lines of one product repeat its product fields identically (the import checks this) and are
///   grouped by `handle`, in order of first appearance; they need not be adjacent.
/// - Money is `{"amount": "19.90", "currency": "EUR"}` with the amount as a string, and weights are
///   `{"value": "0.21", "unit": "kg"}`, so no reader turns them into binary floating point.
/// - Optional values (`vendor`, `productType`, `barcode`, `compareAtPrice`, `cost`, `weight`) are
///   left out when absent; `null` reads the same. Lists and flags default to empty / `false`
///   (`requiresShipping` to `true`), statuses to `active`.
/// - A `{"location": {"code": ..., "name": ...}}` line declares a location with its name. The
///   document's locations are the declared ones in order, then any other location code used by a
///   stock entry (named by its code). Export writes a line for every location first.
/// - A line with product fields but no `sku` declares a product without variants.
enum ConcordJSONLines {
    typealias Key = ConcordJSONLine.Key

    private struct ProductEntry {
        var product: Product
        var line: Int
    }

    static func read(_ text: String, options: ImportOptions = .init(), log: inout DiagnosticLog) -> CatalogDocument {
        var entries: [ProductEntry] = []
        var indexByHandle: [String: Int] = [:]
        var declaredLocations: [Location] = []
        var locationLines: [String: Int] = [:]
        var usedLocations: [String] = []
        var skus = SKURegistry()
        var kits: [KitDefinition] = []
        let decoder = JSONDecoder()

        var lineNumber = 0
        for slice in text.utf8.split(separator: 10, omittingEmptySubsequences: false) {
            lineNumber += 1
            var bytes = Data(slice)
            if bytes.last == 13 { bytes.removeLast() }
            guard bytes.contains(where: { ![32, 9].contains($0) }) else { continue }

            let line: ConcordJSONLine
            do {
                line = try decoder.decode(ConcordJSONLine.self, from: bytes)
            } catch let error as DecodingError {
                let (column, message) = describe(error)
                log.error(.malformedLine, line: lineNumber, column: column, sku: skuHint(in: bytes), message)
                continue
            } catch {
                log.error(.malformedLine, line: lineNumber, "the line cannot be read: \(error)")
                continue
            }

            if !line.unknownKeys.isEmpty {
                log.warning(
                    .unknownKey, line: lineNumber, column: line.unknownKeys.first,
                    "unknown key\(line.unknownKeys.count == 1 ? "" : "s") "
                        + line.unknownKeys.map { "\"\($0)\"" }.joined(separator: ", ")
                        + " ignored; check the spelling against the format's keys ("
                        + Key.allCases.map(\.rawValue).joined(separator: ", ") + ")")
            }

            if let location = line.location {
                guard line.presentKeys == [Key.location.rawValue] else {
                    log.error(
                        .malformedLine, line: lineNumber, column: Key.location.rawValue,
                        "a location line carries only \"location\"; put the variant on a line of its own")
                    continue
                }
                let code = location.code.trimmingWhitespace()
                if code.isEmpty {
                    log.error(
                        .missingValue, line: lineNumber, column: "location.code",
                        "the location code is empty; give the location the code its stock entries use")
                } else if let earlier = locationLines[code] {
                    log.error(
                        .inconsistentProduct, line: lineNumber, column: "location.code",
                        "location \"\(code)\" is already declared on line \(earlier); declare each location once")
                } else {
                    log.checkKnown(location: code, options: options, line: lineNumber, column: "location.code")
                    locationLines[code] = lineNumber
                    declaredLocations.append(Location(code: code, name: location.name))
                }
                continue
            }

            guard let product = readProduct(line, lineNumber: lineNumber, log: &log) else { continue }
            let index: Int
            if let existing = indexByHandle[product.handle] {
                index = existing
                checkSameProduct(product, as: entries[index], lineNumber: lineNumber, log: &log)
            } else {
                index = entries.count
                indexByHandle[product.handle] = index
                entries.append(ProductEntry(product: product, line: lineNumber))
            }

            guard
                let variant = readVariant(
                    line, of: entries[index].product, lineNumber: lineNumber, log: &log)
            else { continue }
            skus.register(variant.sku, line: lineNumber, column: Key.sku.rawValue, log: &log)
            if let kit = KitColumn.read(
                line.kitComponents, sku: variant.sku, line: lineNumber, column: Key.kitComponents.rawValue, log: &log)
            {
                kits.append(kit)
            }
            // A location declared on its own line was checked there.
            for (offset, level) in variant.stock.enumerated() where locationLines[level.location] == nil {
                log.checkKnown(
                    location: level.location, options: options, line: lineNumber, column: "stock[\(offset)].location",
                    sku: variant.sku)
            }
            log.checkPriceNotZero(
                variant.price, isForSale: entries[index].product.status == .active && variant.status == .active, line: lineNumber,
                column: Key.price.rawValue, sku: variant.sku)
            for level in variant.stock where !usedLocations.contains(level.location) {
                usedLocations.append(level.location)
            }
            entries[index].product.variants.append(variant)
        }

        var locations = declaredLocations
        for code in usedLocations where locationLines[code] == nil {
            locations.append(Location(code: code, name: code))
        }
        return CatalogDocument(products: entries.map(\.product), locations: locations, kits: kits)
    }

    /// The product fields of a line (without variants), or `nil` when they are unusable.
    private static func readProduct(_ line: ConcordJSONLine, lineNumber: Int, log: inout DiagnosticLog) -> Product? {
        let errorsBefore = log.errors.count
        let handle = line.handle?.trimmingWhitespace() ?? ""
        if handle.isEmpty {
            log.error(
                .missingValue, line: lineNumber, column: Key.handle.rawValue, sku: line.sku.flatMap { SKU($0) },
                "the handle is \(line.handle == nil ? "missing" : "empty"); every line needs the handle of its "
                    + "product, the key that groups lines into products")
        }
        if line.productTitle == nil {
            log.error(
                .missingValue, line: lineNumber, column: Key.productTitle.rawValue, sku: line.sku.flatMap { SKU($0) },
                "the product title is missing; every line carries its product's title")
        }
        let status = readStatus(
            line.productStatus, key: .productStatus, lineNumber: lineNumber, sku: line.sku.flatMap { SKU($0) },
            log: &log)
        guard log.errors.count == errorsBefore, let title = line.productTitle else { return nil }
        return Product(
            handle: handle,
            title: title,
            descriptionHTML: line.descriptionHTML ?? "",
            vendor: line.vendor,
            productType: line.productType,
            tags: line.tags ?? [],
            status: status,
            optionNames: line.optionNames ?? [],
            images: line.productImages ?? []
        )
    }

    private static func readStatus(
        _ text: String?, key: Key, lineNumber: Int, sku: SKU?, log: inout DiagnosticLog
    ) -> ListingStatus {
        guard let text else { return .active }
        guard let status = ListingStatus(rawValue: text) else {
            log.error(
                .invalidStatus, line: lineNumber, column: key.rawValue, sku: sku,
                "\"\(text)\" is not a status; write active, draft or archived")
            return .active
        }
        return status
    }

    /// Reports product fields that differ from the product's first line.
    private static func checkSameProduct(
        _ product: Product, as first: ProductEntry, lineNumber: Int, log: inout DiagnosticLog
    ) {
        let original = first.product
        let differences: [(Key, Bool)] = [
            (.productTitle, product.title != original.title),
            (.descriptionHTML, product.descriptionHTML != original.descriptionHTML),
            (.vendor, product.vendor != original.vendor),
            (.productType, product.productType != original.productType),
            (.tags, product.tags != original.tags),
            (.productStatus, product.status != original.status),
            (.optionNames, product.optionNames != original.optionNames),
            (.productImages, product.images != original.images),
        ]
        for (key, differs) in differences where differs {
            log.error(
                .inconsistentProduct, line: lineNumber, column: key.rawValue,
                "differs from line \(first.line), the first line of product \"\(product.handle)\"; every line "
                    + "of a product must carry the same product fields — make them equal")
        }
    }

    /// The variant of a line, or `nil` for a product-only line or when a value is unusable.
    private static func readVariant(
        _ line: ConcordJSONLine, of product: Product, lineNumber: Int, log: inout DiagnosticLog
    ) -> Variant? {
        guard let skuText = line.sku else {
            if ConcordJSONLine.variantKeys.contains(where: { line.presentKeys.contains($0.rawValue) }) {
                log.error(
                    .missingSKU, line: lineNumber, column: Key.sku.rawValue,
                    "the line has variant fields but no \"sku\"; Concord keys variants by SKU — add one "
                        + "(a line without variant fields declares a product with no variants)")
            }
            return nil
        }
        let errorsBefore = log.errors.count
        let sku = SKU(skuText)
        if sku == nil {
            log.error(
                .missingSKU, line: lineNumber, column: Key.sku.rawValue,
                "the SKU is empty; Concord keys variants by SKU — give the variant one that is unique in the catalog")
        }
        if line.price == nil {
            log.error(
                .missingValue, line: lineNumber, column: Key.price.rawValue, sku: sku,
                "the price is missing; write it as {\"amount\": \"19.90\", \"currency\": \"EUR\"}")
        }
        if let price = line.price {
            for (key, money) in [(Key.compareAtPrice, line.compareAtPrice), (Key.cost, line.cost)] {
                if let money, money.currency != price.currency {
                    log.error(
                        .invalidMoney, line: lineNumber, column: key.rawValue, sku: sku,
                        "is in \(money.currency) but the price is in \(price.currency); write both in one currency")
                }
            }
        }
        log.checkNotNegative(line.price, what: "price", line: lineNumber, column: Key.price.rawValue, sku: sku)
        log.checkNotNegative(
            line.compareAtPrice, what: "compare-at price", line: lineNumber, column: Key.compareAtPrice.rawValue, sku: sku)
        log.checkNotNegative(line.cost, what: "cost", line: lineNumber, column: Key.cost.rawValue, sku: sku)
        let values = line.options ?? []
        if values.count != product.optionNames.count {
            log.error(
                .inconsistentProduct, line: lineNumber, column: Key.options.rawValue, sku: sku,
                "has \(values.count) value\(values.count == 1 ? "" : "s") but the product has "
                    + "\(product.optionNames.count) option name\(product.optionNames.count == 1 ? "" : "s") "
                    + "(\(product.optionNames.joined(separator: ", "))); give one value per option name")
        }
        let status = readStatus(line.status, key: .status, lineNumber: lineNumber, sku: sku, log: &log)

        var weight: Weight?
        if let value = line.weight {
            if let unit = Weight.Unit(platformName: value.unit) {
                weight = Weight(value: value.value, unit: unit)
            } else {
                log.error(
                    .invalidValue, line: lineNumber, column: "weight.unit", sku: sku,
                    "\"\(value.unit)\" is not a weight unit; write g, kg, lb or oz")
            }
        }

        var barcode: Barcode?
        if let text = line.barcode, let value = Barcode(text) {
            if value.isScientificNotation {
                log.warning(
                    .scientificNotation, line: lineNumber, column: Key.barcode.rawValue, sku: sku,
                    "\"\(text)\" is a barcode a spreadsheet rewrote in scientific notation, which dropped its last "
                        + "digits; it was not imported — re-enter the barcode")
            } else {
                barcode = value
            }
        }

        var stock: [StockLevel] = []
        for (offset, entry) in (line.stock ?? []).enumerated() {
            let code = entry.location.trimmingWhitespace()
            if code.isEmpty {
                log.error(
                    .missingValue, line: lineNumber, column: "stock[\(offset)].location", sku: sku,
                    "the location code is empty; write the code of the location that holds this stock")
            } else if stock.contains(where: { $0.location == code }) {
                log.error(
                    .inconsistentProduct, line: lineNumber, column: "stock[\(offset)].location", sku: sku,
                    "location \"\(code)\" appears twice in this variant's stock; give one entry per location")
            } else {
                log.checkOnHand(entry.onHand, location: code, line: lineNumber, column: "stock[\(offset)].onHand", sku: sku)
            }
            stock.append(
                StockLevel(
                    location: code, onHand: entry.onHand, available: entry.available,
                    committed: entry.committed ?? 0))
        }

        guard log.errors.count == errorsBefore, let sku, let price = line.price else { return nil }
        return Variant(
            sku: sku,
            barcode: barcode,
            title: line.title ?? "",
            options: values,
            price: price,
            compareAtPrice: line.compareAtPrice,
            cost: line.cost,
            weight: weight,
            status: status,
            images: line.images ?? [],
            allowsBackorder: line.allowsBackorder ?? false,
            requiresShipping: line.requiresShipping ?? true,
            stock: stock
        )
    }

    /// The SKU of a line that failed to decode, when it has a readable one, for the diagnostic.
    private static func skuHint(in bytes: Data) -> SKU? {
        guard let object = try? JSONSerialization.jsonObject(with: bytes) as? [String: Any] else { return nil }
        return (object[Key.sku.rawValue] as? String).flatMap { SKU($0) }
    }

    /// A decoding error as the key path it concerns and a sentence saying what to do.
    static func describe(_ error: DecodingError) -> (column: String?, message: String) {
        switch error {
        case .keyNotFound(let key, let context):
            return (path(context.codingPath + [key]), "is missing; add it")
        case .valueNotFound(let type, let context):
            return (path(context.codingPath), "is null; write \(typeName(type))")
        case .typeMismatch(let type, let context):
            guard !context.codingPath.isEmpty else {
                return (nil, "the line is not a JSON object; each line must be one {...} object describing a variant")
            }
            if context.codingPath.last?.stringValue == "amount" {
                return (
                    path(context.codingPath),
                    "must be a string such as \"19.90\": a JSON number can lose cents on the way"
                )
            }
            return (path(context.codingPath), "has the wrong type; write \(typeName(type))")
        case .dataCorrupted(let context):
            guard !context.codingPath.isEmpty else {
                var detail = ""
                if let underlying = context.underlyingError {
                    let text = (underlying as NSError).userInfo[NSDebugDescriptionErrorKey] as? String
                    detail = " (\(text ?? String(describing: underlying)))"
                }
                return (
                    nil,
                    "the line is not valid JSON\(detail); each line must be one complete JSON object, "
                        + "with no line breaks inside it"
                )
            }
            return (path(context.codingPath), context.debugDescription)
        @unknown default:
            return (nil, "the line cannot be read: \(error)")
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        var text = ""
        for key in codingPath {
            if let index = key.intValue {
                text += "[\(index)]"
            } else {
                text += (text.isEmpty ? "" : ".") + key.stringValue
            }
        }
        return text
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type: "a whole number"
        case is Bool.Type: "true or false"
        case is Decimal.Type, is Double.Type: "a number"
        default:
            String(describing: type).hasPrefix("Array") ? "a list [...]" : "an object {...}"
        }
    }
}

extension ConcordJSONLines {
    /// Writes the locations, then one line per variant (or per product without variants).
    static func write(_ document: CatalogDocument, to output: (String) -> Void) {
        let kits = Dictionary(document.kits.map { ($0.sku, $0) }, uniquingKeysWith: { _, last in last })
        for location in document.locations {
            var fields = JSONText()
            fields.add("code", location.code)
            fields.add("name", location.name)
            var line = JSONText()
            line.add(Key.location.rawValue, json: fields.json)
            output(line.json + "\n")
        }
        for product in document.products {
            var productFields = JSONText()
            productFields.add(Key.handle.rawValue, product.handle)
            productFields.add(Key.productTitle.rawValue, product.title)
            productFields.add(Key.descriptionHTML.rawValue, product.descriptionHTML)
            productFields.add(Key.vendor.rawValue, ifPresent: product.vendor)
            productFields.add(Key.productType.rawValue, ifPresent: product.productType)
            productFields.add(Key.tags.rawValue, product.tags)
            productFields.add(Key.productStatus.rawValue, product.status.rawValue)
            productFields.add(Key.optionNames.rawValue, product.optionNames)
            productFields.add(Key.productImages.rawValue, product.images)
            if product.variants.isEmpty { output(productFields.json + "\n") }

            for variant in product.variants {
                var line = productFields
                line.add(Key.sku.rawValue, variant.sku.rawValue)
                line.add(Key.barcode.rawValue, ifPresent: variant.barcode?.rawValue)
                line.add(Key.title.rawValue, variant.title)
                line.add(Key.options.rawValue, variant.options)
                line.add(Key.price.rawValue, json: money(variant.price))
                if let compareAtPrice = variant.compareAtPrice {
                    line.add(Key.compareAtPrice.rawValue, json: money(compareAtPrice))
                }
                if let cost = variant.cost { line.add(Key.cost.rawValue, json: money(cost)) }
                if let weight = variant.weight {
                    var value = JSONText()
                    value.add("value", weight.value.plainText)
                    value.add("unit", weight.unit.rawValue)
                    line.add(Key.weight.rawValue, json: value.json)
                }
                line.add(Key.status.rawValue, variant.status.rawValue)
                line.add(Key.images.rawValue, variant.images)
                line.add(Key.allowsBackorder.rawValue, variant.allowsBackorder)
                line.add(Key.requiresShipping.rawValue, variant.requiresShipping)
                let stock = variant.stock.map { level -> String in
                    var entry = JSONText()
                    entry.add("location", level.location)
                    entry.add("onHand", level.onHand)
                    entry.add("available", level.available)
                    entry.add("committed", level.committed)
                    return entry.json
                }
                line.add(Key.stock.rawValue, json: JSONText.array(stock))
                if let kit = kits[variant.sku] { line.add(Key.kitComponents.rawValue, kit.componentsText) }
                output(line.json + "\n")
            }
        }
    }

    private static func money(_ money: Money) -> String {
        var object = JSONText()
        object.add("amount", money.amountString)
        object.add("currency", money.currency.code)
        return object.json
    }
}
