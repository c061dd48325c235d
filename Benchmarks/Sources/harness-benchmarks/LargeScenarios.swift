import ScenarioLanguage
import SessionModel

/// Long synthetic browsing sessions for the simulator benchmark: a catalog page, a search box, a cart,
/// and a few hundred steps of reading, pointing, typing, DOM updates, console and network calls.
enum LargeScenarios {
    static func make(count: Int, stepsPerScenario: Int) -> [Scenario] {
        (0..<count).map { index in scenario(index, steps: stepsPerScenario) }
    }

    static func scenario(_ index: Int, steps: Int) -> Scenario {
        let products = (0..<40).map { n in
            "<li class=\"product\" id=\"p\(n)\"><h3>Product \(n)</h3><p class=\"blurb\">A sturdy thing, number \(n), for every season.</p><span class=\"price\">€\(10 + n).00</span><button class=\"add\" id=\"add\(n)\">Add to cart</button></li>"
        }.joined()
        let html = """
            <!DOCTYPE html><html lang="en"><head><title>Catalog</title><style>.price { font-weight: bold }</style></head>
            <body><header><a href="/" class="logo">Shop</a><input id="search" type="search" placeholder="Search"><span id="count">0</span></header>
            <main><ul id="catalog">\(products)</ul>
            <form id="checkout"><input id="email" type="email"><input id="card" autocomplete="cc-number"><textarea id="note"></textarea><button id="pay" type="submit">Pay</button></form>
            <ul id="cart"></ul><p id="status"></p></main></body></html>
            """
        let url = "https://shop\(index % 7).example/catalog"
        var actions: [StepAction] = [.visit(url: url)]
        var cart = 0
        for step in 0..<steps {
            let product = (step * 7 + index) % 40
            switch step % 12 {
            case 0: actions.append(.think(1_500))
            case 1: actions.append(.scroll(target: nil, x: 0, y: (step * 37) % 2_400))
            case 2: actions.append(.moveTo(target: "#p\(product)"))
            case 3: actions.append(.click(target: "#add\(product)"))
            case 4:
                cart += 1
                actions.append(.addElement(parent: "#cart", html: "<li class=\"line\">Product \(product)</li>"))
            case 5: actions.append(.setText(target: "#count", text: String(cart)))
            case 6: actions.append(.click(target: "#search"))
            case 7: actions.append(.type(target: "#search", text: .literal("boots size \(step % 13)")))
            case 8: actions.append(.console(.log, "search results rendered"))
            case 9: actions.append(.network(NetworkCall(.fetch, method: "GET", url: "/api/search?q=\(step)", responseBody: .json(["hits": .integer(Int64(step % 50))]))))
            case 10: actions.append(.redux(type: "cart/itemAdded", payload: ["id": .string("p\(product)")], state: ["cart": ["count": .integer(Int64(cart))]]))
            default: actions.append(.hover(target: "#p\((product + 3) % 40)"))
            }
        }
        actions += [.click(target: "#email"), .type(target: "#email", text: .canary(Canary(.email))), .click(target: "#card"), .type(target: "#card", text: .canary(Canary(.card))), .click(target: "#pay")]
        return Scenario(
            name: "large \(index)", seed: UInt64(index), sdk: SDKProfile(kind: .posthog),
            masking: MaskingPolicy(maskAllInputs: true), pages: [Page(url, html: html)], steps: actions.map { Step($0) })
    }
}
