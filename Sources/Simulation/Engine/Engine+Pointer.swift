import ScenarioLanguage
import SessionModel

/// Pointer and keyboard behaviour: human mouse paths, clicks, scrolling, typing.
extension Engine {
    enum ClickKind {
        case single, double, context
        case rage(Int)
    }

    // MARK: - Mouse paths

    /// Moves the pointer to a point inside the element along a minimum-jerk curve with Fitts'-law timing and a small overshoot.
    func movePointer(_ page: PageState, to id: Int) {
        ensureVisible(page, id)
        let box = page.dom.box(of: id)
        let inset = (x: min(box.width / 2, 2), y: min(box.height / 2, 2))
        let center = box.center
        let targetX = min(max(center.x + behaviour.normal() * box.width / 8, box.x + inset.x), box.x + box.width - inset.x)
        let targetY = min(max(center.y + behaviour.normal() * box.height / 8, box.y + inset.y), box.y + box.height - inset.y) - page.scrollY
        if box.width > 0, box.contains(page.pointer.x, page.pointer.y + page.scrollY) { return }
        let path = MousePath.plan(from: page.pointer, to: (targetX, targetY), targetWidth: max(4, min(box.width, box.height)), random: &behaviour)
        let start = clock
        let blocks = page.masker.blocksAnything
        for sample in path.samples(every: 50, random: &behaviour) {
            movePointer(page, to: sample.x, sample.y, at: start + sample.t, blocksAnything: blocks)
        }
        page.pointer = (targetX, targetY)
    }

    /// Moves the pointer to one sample of a path at `time`, queuing the move over the node under it (queued moves go out every 500 ms).
    ///
    /// `blocksAnything` is the page's `masker.blocksAnything`, read once per path: nothing a sample
    /// sets off (timers that send batches) changes what the masker blocks.
    private func movePointer(_ page: PageState, to x: Double, _ y: Double, at time: Int64, blocksAnything: Bool) {
        advance(to: time)
        let x = x.rounded(), y = y.rounded()
        let under = page.dom.hitTest(x: x, y: y + page.scrollY)
        let hit = blocksAnything ? knownNode(page, under) : under
        let local = framePoint(page, hit, x, y)
        page.pendingMoves.append((local.x, local.y, hit, clock))
        if let first = page.pendingMoves.first, clock - first.t >= 500 { flushMoves(page) }
    }

    /// While reading, the pointer rests and now and then drifts a little, as a hand on a mouse does.
    /// Drifts are not user activity for the idle timer (SDKs count them, but they are rare and short).
    func drift(_ page: PageState, for duration: Int64) {
        let end = clock + duration
        let viewport = page.browser.person.viewport
        while true {
            let rest = Int64(behaviour.logNormal(median: 1_800, sigma: 0.6))
            guard clock + rest + 400 < end else { break }
            advance(by: rest)
            let distance = behaviour.logNormal(median: 60, sigma: 0.7)
            let angle = behaviour.double(in: 0...(2 * Double.pi))
            let target = (x: min(max(page.pointer.x + cos(angle) * distance, 2), Double(viewport.width) - 2),
                          y: min(max(page.pointer.y + sin(angle) * distance, 2), Double(viewport.height) - 2))
            let path = MousePath.plan(from: page.pointer, to: target, targetWidth: 40, random: &behaviour)
            let start = clock
            let blocks = page.masker.blocksAnything
            for sample in path.samples(every: 50, random: &behaviour) where start + sample.t < end {
                movePointer(page, to: sample.x, sample.y, at: start + sample.t, blocksAnything: blocks)
            }
            page.pointer = target
        }
        advance(to: end)
    }

    /// A viewport point as the recorder inside the node's own frame sees it: relative to that iframe's
    /// content box (the replayer adds the frame's offset back).
    func framePoint(_ page: PageState, _ id: Int, _ x: Double, _ y: Double) -> (x: Double, y: Double) {
        let owner = page.dom[id].kind == .document ? id : page.dom[id].owner
        guard owner != 1, owner != 0 else { return (x, y) }
        let frame = page.dom[owner].box
        return ((x - frame.x).rounded(), (y + page.scrollY - frame.y).rounded())
    }

    /// The id a recorder would report for a node: a blocked element's placeholder stands for everything under it.
    func knownNode(_ page: PageState, _ id: Int) -> Int {
        guard page.masker.blocksAnything else { return id }
        var result = id
        var current: Int? = id
        while let node = current {
            if page.masker.isBlocked(node) { result = node }
            current = page.dom.parentElement(of: node)
        }
        return result
    }

    /// Whether the node or an ancestor is blocked (`Masker.isInsideBlocked`), asked only of a masker
    /// that blocks something (most block nothing, and every click and focus event asks).
    func isInsideBlocked(_ page: PageState, _ id: Int) -> Bool {
        page.masker.blocksAnything && page.dom.isInsideBlocked(id, by: page.masker)
    }

    /// Scrolls the window so the element is in view, as a person would before pointing at it.
    func ensureVisible(_ page: PageState, _ id: Int) {
        let box = page.dom.box(of: id)
        let height = Double(page.browser.person.viewport.height)
        let top = box.y - page.scrollY
        if top < 0 || top + min(box.height, height / 2) > height {
            scrollWindow(page, toY: max(0, box.y - height / 3), x: 0)
        }
    }

    /// Smooth window scrolling, reported every 100 ms as rrweb throttles it.
    func scrollWindow(_ page: PageState, toY y: Double, x: Double) {
        let from = page.scrollY
        let steps = max(1, Int(min(12, abs(y - from) / 120)) + behaviour.int(in: 1...3))
        for step in 1...steps {
            advance(by: Int64(behaviour.int(in: 90...130)))
            let progress = Engine.easeOut(step, of: steps)
            page.scrollY = (from + (y - from) * progress).rounded()
            emit(page, .incrementalSnapshot(.scroll(Scroll(id: 1, x: x, y: page.scrollY))))
        }
        page.scrollY = y
    }

    /// How far a smooth scroll of `steps` steps is after `step`: the ease-out `1 - (1 - step/steps)³`.
    ///
    /// Worked out with `pow` once per (step, steps) for the at most 15 steps a scroll takes
    /// (`scrollWindow`), so every scroll event reads the same value `pow` gives without calling it.
    static func easeOut(_ step: Int, of steps: Int) -> Double {
        guard steps < easeOutTable.count else { return 1 - pow(1 - Double(step) / Double(steps), 3) }
        return easeOutTable[steps][step]
    }

    private static let easeOutTable: [[Double]] = (0...15).map { steps in
        (0...steps).map { step in 1 - pow(1 - Double(step) / Double(max(steps, 1)), 3) }
    }

    func scrollElement(_ page: PageState, _ id: Int, x: Double, y: Double) {
        guard !isInsideBlocked(page, id) else { return }
        let steps = behaviour.int(in: 2...5)
        for step in 1...steps {
            advance(by: Int64(behaviour.int(in: 90...130)))
            let progress = Double(step) / Double(steps)
            emit(page, .incrementalSnapshot(.scroll(Scroll(id: id, x: (x * progress).rounded(), y: (y * progress).rounded()))))
        }
    }

    // MARK: - Clicks

    func interaction(_ page: PageState, _ type: MouseInteractionType, _ id: Int, withPosition: Bool = true, pointerType: Int? = nil) {
        guard !isInsideBlocked(page, id) else { return }
        let position = withPosition ? framePoint(page, id, page.pointer.x.rounded(), page.pointer.y.rounded()) : nil
        emit(page, .incrementalSnapshot(.mouseInteraction(MouseInteraction(type: type, id: id, x: position?.x, y: position?.y, pointerType: pointerType))))
    }

    /// Whether a press focuses the element; its fields are read in place (a copy of the node retains each of them).
    func isFocusable(_ page: PageState, _ id: Int) -> Bool {
        switch page.dom[id].tag {
        case "input", "textarea", "select", "button": return true
        case "a": return page.dom[id].attribute("href") != nil
        default: return page.dom[id].attribute("tabindex") != nil || page.dom.isContentEditable(id, by: page.masker)
        }
    }

    /// One press: mousedown, focus for focusable elements, mouseup, click.
    func press(_ page: PageState, _ id: Int, clickType: MouseInteractionType = .click) {
        interaction(page, .mouseDown, id)
        page.clickedElement = id
        if isFocusable(page, id) { focus(page, id) }
        advance(by: Int64(behaviour.int(in: 60...140)))
        interaction(page, .mouseUp, id)
        advance(by: Int64(behaviour.int(in: 0...2)))
        interaction(page, clickType, id, pointerType: 0)
    }

    func click(_ target: String, kind: ClickKind) throws(SimulationError) {
        let page = try requirePage()
        let id = try requireTarget(target, in: page)
        humanPause(300)
        activity(page)
        movePointer(page, to: id)
        advance(by: Int64(behaviour.int(in: 40...160)))
        switch kind {
        case .single:
            press(page, id)
            toggleIfCheckable(page, id)
        case .double:
            press(page, id)
            advance(by: Int64(behaviour.int(in: 70...160)))
            press(page, id)
            interaction(page, .doubleClick, id, pointerType: 0)
        case .context:
            interaction(page, .mouseDown, id)
            advance(by: Int64(behaviour.int(in: 60...140)))
            interaction(page, .mouseUp, id)
            interaction(page, .contextMenu, id, pointerType: 0)
        case .rage(let count):
            for index in 0..<max(1, count) {
                if index > 0 {
                    advance(by: Int64(behaviour.int(in: 70...150)))
                    page.pointer.x += behaviour.double(in: -2...2)
                    page.pointer.y += behaviour.double(in: -2...2)
                }
                press(page, id)
            }
        }
    }

    /// A click on a checkbox toggles it; on a radio it checks it and unchecks its group.
    func toggleIfCheckable(_ page: PageState, _ id: Int) {
        guard page.dom[id].tag == "input" else { return }
        let type = (page.dom[id].attribute("type") ?? "text").lowercased()
        let checked = page.dom.isChecked(id)
        if type == "checkbox" { applyChecked(page, id, !checked) }
        if type == "radio", !checked { applyChecked(page, id, true) }
    }

    func applyChecked(_ page: PageState, _ id: Int, _ checked: Bool) {
        page.dom.setChecked(id, checked)
        let ignored = page.dom.ignoresInput(id, by: page.masker) || page.dom.isInsideBlocked(id, by: page.masker)
        if !ignored { emit(page, .incrementalSnapshot(.input(Input(id: id, text: page.dom[id].attribute("value") ?? "on", isChecked: checked)))) }
        if (page.dom[id].attribute("type") ?? "").lowercased() == "radio", checked, let name = page.dom[id].attribute("name") {
            for other in page.dom.select("input[type=radio]") where other != id && page.dom[other].attribute("name") == name && page.dom.isChecked(other) {
                page.dom.setChecked(other, false)
                if !ignored { emit(page, .incrementalSnapshot(.input(Input(id: other, text: page.dom[other].attribute("value") ?? "on", isChecked: false)))) }
            }
        }
    }

    func setChecked(_ target: String, _ checked: Bool) throws(SimulationError) {
        let page = try requirePage()
        let id = try requireTarget(target, in: page)
        guard page.dom.isChecked(id) != checked else { return }
        try click(target, kind: .single)
        if page.dom.isChecked(id) != checked { applyChecked(page, id, checked) }
    }

    // MARK: - Focus

    func focus(_ page: PageState, _ id: Int) {
        guard page.focused != id else { return }
        if let previous = page.focused { interaction(page, .blur, previous, withPosition: false) }
        page.focused = id
        interaction(page, .focus, id, withPosition: false)
    }

    func blur(_ page: PageState, _ id: Int) {
        guard page.focused == id else { return }
        interaction(page, .blur, id, withPosition: false)
        page.focused = nil
    }

    // MARK: - Keyboard

    /// Types character by character with log-normal gaps; inputs and textareas emit Input events, contenteditable text mutations.
    func type(_ target: String, _ text: TypedText) throws(SimulationError) {
        let page = try requirePage()
        let id = try requireTarget(target, in: page)
        humanPause(300)
        activity(page)
        page.masker.refresh(&page.dom)
        let editable = page.dom[id].tag != "input" && page.dom[id].tag != "textarea" && page.dom.isContentEditable(id, by: page.masker)
        let value: String
        switch text {
        case .literal(let literal):
            value = literal
        case .canary(let canary):
            value = canaryGenerator.value(for: canary, person: page.browser.person.name)
            let masked = page.dom.masksValue(of: id, by: page.masker) || page.dom.isInsideBlocked(id, by: page.masker)
            plant(value, canary, page: page, plantedIn: (editable ? "contenteditable " : "input ") + target, capturePath: editable ? "mutation" : "input", mustBeMasked: masked)
        case .template(let template):
            let masked = page.dom.masksValue(of: id, by: page.masker) || page.dom.isInsideBlocked(id, by: page.masker)
            value = render(template, page: page, plantedIn: (editable ? "contenteditable " : "input ") + target, capturePath: editable ? "mutation" : "input") { _ in masked }
        }
        typedValues.append(TypedValue(page: page.url, target: target, value: value))
        if page.focused != id { focus(page, id) }
        advance(by: Int64(behaviour.int(in: 150...450)))
        let ignored = page.dom.ignoresInput(id, by: page.masker) || page.dom.isInsideBlocked(id, by: page.masker)
        // Typing into a control changes its value only, never what decides whether the value is masked.
        let masksValue = !editable && page.dom.masksValue(of: id, by: page.masker)
        // Contenteditable typing edits the text node at the caret, as a browser does.
        let caretElement = editable ? self.caretElement(page, in: id) : id
        var textNode = editable ? page.dom.lastTextNode(in: caretElement) : nil
        var current = editable ? textNode.map { page.dom[$0].text } ?? "" : page.dom.value(of: id)
        // A control whose events carry no value (masked, or not recorded) is given its value once, at the end:
        // its keystrokes need only the value's length, and appending to it cost ~370 instructions each.
        let valueAtEnd = !editable && (masksValue || ignored) ? current + value : nil
        var typedLength = valueAtEnd == nil ? 0 : current.utf16.count
        var previous: Character = " "
        for (offset, character) in value.enumerated() {
            if offset > 0 {
                var gap = behaviour.logNormal(median: 145, sigma: 0.5)
                if previous == " " { gap *= 1.5 }
                advance(by: Int64(min(2000, max(30, gap))))
            }
            previous = character
            if valueAtEnd != nil {
                typedLength += character.utf16.count
                if !ignored { emit(page, .incrementalSnapshot(.input(Input(id: id, text: Masker.maskInput(length: typedLength), isChecked: false)))) }
                continue
            }
            current.append(character)
            if editable {
                if let node = textNode {
                    page.dom.setText(node, current)
                    if !page.dom.isInsideBlocked(id, by: page.masker) {
                        emitMutation(page, Mutation(texts: [TextChange(id: node, value: page.dom.text(current, under: page.dom[node].parent, by: page.masker))]))
                    }
                } else {
                    let node = page.dom.appendText(current, to: caretElement)
                    textNode = node
                    page.masker.refresh(&page.dom)
                    if !page.dom.isInsideBlocked(id, by: page.masker) {
                        emitMutation(page, Mutation(adds: [AddedNode(parentId: caretElement, nextId: nil, node: page.dom.serialize(node, deep: false, masker: page.masker))]))
                    }
                }
            } else {
                emit(page, .incrementalSnapshot(.input(Input(id: id, text: current, isChecked: false))))
            }
        }
        // The control's value is set once typing ends: nothing reads it between keystrokes (the clock's
        // timers only send batches), and a value the DOM also holds would be copied for every append.
        if !editable, !value.isEmpty { page.dom.setValue(id, valueAtEnd ?? current) }
    }

    /// The element whose last text node holds the caret when typing into `editable`: the last clicked element inside it, else `editable` itself.
    func caretElement(_ page: PageState, in editable: Int) -> Int {
        guard let clicked = page.clickedElement, page.dom[clicked].alive else { return editable }
        var current = clicked
        while current != 0 {
            if current == editable { return clicked }
            current = page.dom[current].parent
        }
        return editable
    }

    /// Opens a select and picks an option by value.
    func select(_ target: String, _ value: String) throws(SimulationError) {
        let page = try requirePage()
        let id = try requireTarget(target, in: page)
        humanPause(300)
        activity(page)
        movePointer(page, to: id)
        press(page, id)
        advance(by: Int64(behaviour.int(in: 400...1200)))
        page.dom.setValue(id, value)
        let ignored = page.dom.ignoresInput(id, by: page.masker) || page.dom.isInsideBlocked(id, by: page.masker)
        if !ignored { emit(page, .incrementalSnapshot(.input(Input(id: id, text: page.dom.value(value, of: id, by: page.masker), isChecked: false)))) }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
