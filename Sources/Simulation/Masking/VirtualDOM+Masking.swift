/// The masker's questions about a node, asked through the DOM so that a page's DOM is read in place.
///
/// `page.masker.isInsideBlocked(id, page.dom)` copies the page's DOM for the call (a stored
/// property of a class passed as an argument, or as `self` of a non-mutating method: every array
/// in it retained and released). These methods are `mutating` only so that `page.dom` is lent to
/// them in place; they change nothing. Each answers what the `Masker` method of the same name answers.
extension VirtualDOM {
    /// The node or an ancestor is blocked: no events are recorded for it.
    mutating func isInsideBlocked(_ id: Int, by masker: Masker) -> Bool {
        masker.isInsideBlocked(id, self)
    }

    /// The value of this form control (or contenteditable) is masked.
    mutating func masksValue(of id: Int, by masker: Masker) -> Bool {
        masker.masksValue(of: id, self)
    }

    /// Input events for this control are not recorded.
    mutating func ignoresInput(_ id: Int, by masker: Masker) -> Bool {
        masker.ignoresInput(id, self)
    }

    /// The element or an ancestor is `contenteditable`.
    mutating func isContentEditable(_ id: Int, by masker: Masker) -> Bool {
        masker.isContentEditable(id, self)
    }

    /// Text as the recorder sends it from under `parent`.
    mutating func text(_ text: String, under parent: Int, by masker: Masker) -> String {
        masker.text(text, under: parent, self)
    }

    /// A control's value as the recorder sends it.
    mutating func value(_ value: String, of id: Int, by masker: Masker) -> String {
        masker.value(value, of: id, self)
    }

    /// The attribute value as the recorder sends it.
    mutating func attribute(_ name: String, _ value: String, of id: Int, by masker: Masker) -> String {
        masker.attribute(name, value, of: id, self)
    }
}
