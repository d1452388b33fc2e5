/// Texts that break naive quoting and escaping: empty, Unicode beyond the BMP, quotes, tabs and
/// line breaks, backslashes and COPY's own markers (`\N`, `\.`), SQL that must stay text. Every
/// place a value crosses into SQL, COPY or another database is tried with all of them.
public enum AwkwardText {
    public static let samples = [
        "plain", "", "Ünïcødé ✓ 日本語 🚀", #"it's "quoted""#, "tab\there", "line\nbreak\r\nwindows",
        #"back\slash \\ \N \."#, "  spaced  ", "50% off_sale", "'); DROP TABLE items; --",
    ]
}
