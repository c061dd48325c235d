extension JSONValue {
    /// How deep a parsed value must nest before `release(_:depth:)` takes it apart level by level.
    static let deepReleaseLevel = 256

    /// Releases `value`, which nests `depth` levels, without recursing once per level when it is deep.
    ///
    /// Swift releases nested arrays from inside one another, a stack frame a
    /// level; thousands of levels overflow a 512 KB thread stack. Each
    /// container here leaves its children on a list before it goes, so no
    /// release reaches below one level. Shallow values are just dropped.
    package static func release(_ value: consuming JSONValue, depth: Int) {
        guard depth > deepReleaseLevel else { return }
        // Every value is moved, never copied: a copy left behind would hold the levels below and release them recursively after all.
        var pending = [consume value]
        while let next = pending.popLast() {
            switch consume next {
            case .array(let elements): pending.append(contentsOf: consume elements)
            case .object(let object): for member in object.members { pending.append(member.value) }
            default: break
            }
        }
    }
}
