/// A duration in milliseconds; the text form writes it with a unit (`500ms`, `2s`, `3m`, `1h`).
public typealias Milliseconds = Int64
