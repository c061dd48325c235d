/// The `type` of an rrweb event.
public struct EventType: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let domContentLoaded = EventType(rawValue: 0)
    public static let load = EventType(rawValue: 1)
    public static let fullSnapshot = EventType(rawValue: 2)
    public static let incrementalSnapshot = EventType(rawValue: 3)
    public static let meta = EventType(rawValue: 4)
    public static let custom = EventType(rawValue: 5)
    public static let plugin = EventType(rawValue: 6)
    public static let asset = EventType(rawValue: 7)

    /// Every type this model knows, in numeric order.
    public static let known: [EventType] = (0...7).map(EventType.init(rawValue:))

    public var description: String {
        switch rawValue {
        case 0: return "DomContentLoaded"
        case 1: return "Load"
        case 2: return "FullSnapshot"
        case 3: return "IncrementalSnapshot"
        case 4: return "Meta"
        case 5: return "Custom"
        case 6: return "Plugin"
        case 7: return "Asset"
        default: return "EventType(\(rawValue))"
        }
    }

    public static func < (lhs: EventType, rhs: EventType) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The `source` of an incremental snapshot event: what kind of change it records.
public struct IncrementalSource: RawRepresentable, Sendable, Hashable, Comparable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let mutation = IncrementalSource(rawValue: 0)
    public static let mouseMove = IncrementalSource(rawValue: 1)
    public static let mouseInteraction = IncrementalSource(rawValue: 2)
    public static let scroll = IncrementalSource(rawValue: 3)
    public static let viewportResize = IncrementalSource(rawValue: 4)
    public static let input = IncrementalSource(rawValue: 5)
    public static let touchMove = IncrementalSource(rawValue: 6)
    public static let mediaInteraction = IncrementalSource(rawValue: 7)
    public static let styleSheetRule = IncrementalSource(rawValue: 8)
    public static let canvasMutation = IncrementalSource(rawValue: 9)
    public static let font = IncrementalSource(rawValue: 10)
    public static let log = IncrementalSource(rawValue: 11)
    public static let drag = IncrementalSource(rawValue: 12)
    public static let styleDeclaration = IncrementalSource(rawValue: 13)
    public static let selection = IncrementalSource(rawValue: 14)
    public static let adoptedStyleSheet = IncrementalSource(rawValue: 15)
    public static let customElement = IncrementalSource(rawValue: 16)

    private static let names = [
        "Mutation", "MouseMove", "MouseInteraction", "Scroll", "ViewportResize", "Input", "TouchMove",
        "MediaInteraction", "StyleSheetRule", "CanvasMutation", "Font", "Log", "Drag", "StyleDeclaration",
        "Selection", "AdoptedStyleSheet", "CustomElement",
    ]

    public var description: String {
        Self.names.indices.contains(rawValue) ? Self.names[rawValue] : "IncrementalSource(\(rawValue))"
    }

    public static func < (lhs: IncrementalSource, rhs: IncrementalSource) -> Bool { lhs.rawValue < rhs.rawValue }
}

/// The `type` of a mouse interaction event.
public struct MouseInteractionType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    public var rawValue: Int
    public init(rawValue: Int) { self.rawValue = rawValue }

    public static let mouseUp = MouseInteractionType(rawValue: 0)
    public static let mouseDown = MouseInteractionType(rawValue: 1)
    public static let click = MouseInteractionType(rawValue: 2)
    public static let contextMenu = MouseInteractionType(rawValue: 3)
    public static let doubleClick = MouseInteractionType(rawValue: 4)
    public static let focus = MouseInteractionType(rawValue: 5)
    public static let blur = MouseInteractionType(rawValue: 6)
    public static let touchStart = MouseInteractionType(rawValue: 7)
    public static let touchMoveDeparted = MouseInteractionType(rawValue: 8)
    public static let touchEnd = MouseInteractionType(rawValue: 9)
    public static let touchCancel = MouseInteractionType(rawValue: 10)

    private static let names = [
        "MouseUp", "MouseDown", "Click", "ContextMenu", "DblClick", "Focus", "Blur", "TouchStart",
        "TouchMove_Departed", "TouchEnd", "TouchCancel",
    ]

    public var description: String {
        Self.names.indices.contains(rawValue) ? Self.names[rawValue] : "MouseInteraction(\(rawValue))"
    }
}
