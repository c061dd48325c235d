/// Values numbered in the order first seen, each held once: the batch index's ids and identities.
struct InternTable<Value: Hashable> {
    private var values: [Value] = []
    private var numbers: [Value: UInt32] = [:]

    /// The value's number, given it now if it has none.
    mutating func intern(_ value: Value) -> UInt32 {
        if let number = numbers[value] { return number }
        let number = UInt32(values.count)
        values.append(value)
        numbers[value] = number
        return number
    }

    /// The value's number, if it has one.
    func number(of value: Value) -> UInt32? { numbers[value] }

    /// The value numbered `number`.
    subscript(number: UInt32) -> Value { values[Int(number)] }
}
