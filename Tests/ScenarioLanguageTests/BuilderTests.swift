import Testing
import ScenarioLanguage
import SessionModel
import _TestSupport

/// Three scenarios from Scenarios/ written again with the result builder; both forms must be equal.
@Suite("Result builder")
struct BuilderTests {
    static let checkout = Scenario("checkout declined card", seed: 42) {
        Person("alice",
               userAgent: "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_5) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.5 Safari/605.1.15",
               viewport: Viewport(width: 1440, height: 900), timezone: "Europe/Berlin", ip: "203.0.113.7")
        SDKProfile(kind: .posthog, flushInterval: 5_000)
        MaskingPolicy(maskAllInputs: true, maskTextSelectors: [".address"], blockClasses: ["ph-no-capture"], honorsDataPrivate: true,
                      networkRules: [.redactHeader("Authorization"), .redactBodyField("card"), .redactBodyField("email")])
        Page("https://shop.example/cart", html: #"""
            <!DOCTYPE html>
            <html lang="en">
            <head><title>Cart - Shop</title>
            <style>.total { font-weight: bold }</style></head>
            <body>
              <header><a href="/" class="logo">Shop</a></header>
              <main>
                <h1>Your cart</h1>
                <ul id="items">
                  <li class="item">Walking boots <span class="price">€129.00</span></li>
                  <li class="item">Wool socks <span class="price">€12.50</span></li>
                </ul>
                <p class="total">Total: €141.50</p>
                <form id="checkout" action="/api/pay" method="post">
                  <label for="email">Email</label>
                  <input id="email" name="email" type="email" autocomplete="email">
                  <label for="card">Card number</label>
                  <input id="card" name="card" inputmode="numeric" autocomplete="cc-number" data-private>
                  <label for="expiry">Expiry</label>
                  <input id="expiry" name="expiry" placeholder="MM/YY">
                  <p class="address">12 Example Street, Berlin</p>
                  <div class="ph-no-capture" id="promo">Members save 10%</div>
                  <button id="pay" type="submit">Pay now</button>
                </form>
                <p id="status" role="status"></p>
              </main>
            </body>
            </html>
            """#)
        Step.visit("https://shop.example/cart")
        Step.think(3_000)
        Step.scroll(y: 400)
        Step.moveTo("#email")
        Step.click("#email")
        Step.type("#email", canary: .email)
        Step.moveTo("#card")
        Step.click("#card")
        Step.type("#card", canary: .card)
        Step.type("#expiry", "12/29")
        Step.moveTo("#pay")
        Step.click("#pay")
        Step.network(NetworkCall(.fetch, method: "POST", url: "https://shop.example/api/pay", status: 402, duration: 350,
                                 requestHeaders: [Header("Authorization", "Bearer {canary token}"), Header("Content-Type", "application/json")],
                                 requestBody: .json(["card": "{canary card}", "email": "{canary email}", "amount": 14150]),
                                 responseHeaders: [Header("Content-Type", "application/json")],
                                 responseBody: .json(["error": "card_declined", "code": 402])))
        Step.console(.error, "payment failed: card_declined")
        Step.setText("#status", "Your card was declined.")
        Step.setAttribute("#pay", "disabled", "")
        Step.wait(2_000)
        Step.removeAttribute("#pay", "disabled")
        Expectation.sessionCount(person: "alice", count: 1)
        Expectation.noCanaryLeaks
    }

    static let rageClicks = Scenario("rage clicks on a frozen button", seed: 666) {
        Person("judy", timezone: "America/Chicago", ip: "192.0.2.200")
        Page("https://shop.example/review", html: #"""
            <!DOCTYPE html>
            <html lang="en">
            <head><title>Review order - Shop</title></head>
            <body>
              <h1>Review your order</h1>
              <ul class="summary"><li>Ridge GTX, EU 42 <span>€129.00</span></li></ul>
              <label><input id="terms" type="checkbox" name="terms"> I accept the terms</label>
              <button id="place-order" class="primary">Place order</button>
              <div id="spinner" class="spinner" hidden></div>
              <p id="message"></p>
            </body>
            </html>
            """#)
        Step.visit("https://shop.example/review")
        Step.think(4_000)
        Step.check("#terms")
        Step.moveTo("#place-order")
        Step.click("#place-order")
        Step.removeAttribute("#spinner", "hidden")
        Step.network(NetworkCall(.fetch, method: "POST", url: "https://shop.example/api/orders", status: 504, duration: 30_000, responseBody: .text("Gateway Timeout")))
        Step.wait(3_000)
        Step.rageClick("#place-order", times: 7)
        Step.think(2_000)
        Step.rageClick("#place-order", times: 4)
        Step.setAttribute("#spinner", "hidden", "")
        Step.setText("#message", "We could not place your order. You have not been charged.")
        Step.console(.warn, "order submit ignored: request already in flight")
        Step.click("#place-order")
    }

    static let jsErrors = Scenario("javascript errors with stack traces", seed: 99) {
        Person("frank", ip: "192.0.2.10")
        SDKProfile(kind: .sentry)
        Page("https://app.example/settings", html: #"""
            <!DOCTYPE html>
            <html lang="en">
            <head><title>Settings - App</title><script src="/static/app.3f9c2.js" defer></script></head>
            <body>
              <h1>Settings</h1>
              <form id="settings">
                <label><input type="checkbox" id="dark-mode" name="dark"> Dark mode</label>
                <label><input type="radio" name="digest" id="daily" value="daily"> Daily digest</label>
                <label><input type="radio" name="digest" id="weekly" value="weekly" checked> Weekly digest</label>
                <label for="display-name">Display name</label>
                <input id="display-name" name="displayName" value="frank">
                <button id="save" type="submit">Save</button>
              </form>
              <div id="toast" class="toast" aria-live="polite"></div>
            </body>
            </html>
            """#)
        Step.visit("https://app.example/settings")
        Step.think(2_000)
        Step.check("#dark-mode")
        Step.check("#daily")
        Step.click("#display-name")
        Step.type("#display-name", "Frank the Tank")
        Step.click("#save")
        Step.throwError("TypeError", "Cannot read properties of undefined (reading 'id')", frames: [
            ScriptError.Frame(file: "https://app.example/static/app.3f9c2.js", line: 120, column: 14, function: "saveSettings"),
            ScriptError.Frame(file: "https://app.example/static/app.3f9c2.js", line: 88, column: 5, function: "HTMLFormElement.onSubmit"),
            ScriptError.Frame(file: "https://app.example/static/vendor.91ab.js", line: 1, column: 40210, function: ""),
        ])
        Step.console(.error, "Uncaught TypeError: Cannot read properties of undefined (reading 'id')")
        Step.setText("#toast", "Something went wrong. Please try again.")
        Step.wait(1_500)
        Step.click("#save")
        Step.reject("NetworkError when attempting to fetch resource.")
        Step.throwError("RangeError", "Invalid time value", frames: [
            ScriptError.Frame(file: "https://app.example/static/app.3f9c2.js", line: 412, column: 22, function: "formatDate"),
        ])
        Step.setText("#toast", "")
    }

    static let cases: [(file: String, scenario: Scenario)] = [
        ("checkout-declined-card.scenario", checkout),
        ("rage-clicks.scenario", rageClicks),
        ("js-errors.scenario", jsErrors),
    ]

    @Test("builder and file give equal scenarios", arguments: cases.map(\.file))
    func builderEqualsFile(_ file: String) throws {
        let built = try #require(Self.cases.first { $0.file == file }).scenario
        let parsed = try Scenario(parsing: RepositoryFiles.scenarioText(file), file: file)
        #expect(built == parsed)
        #expect(ScenarioPrinter.print(built) == ScenarioPrinter.print(parsed))
    }

    @Test("locations differ but do not affect equality")
    func locationsAreIgnored() throws {
        let parsed = try Scenario(parsing: RepositoryFiles.scenarioText("rage-clicks.scenario"), file: "rage-clicks.scenario")
        #expect(parsed.steps[0].location == SourceLocation(file: "rage-clicks.scenario", line: 29, column: 1))
        #expect(Self.rageClicks.steps[0].location.file.hasSuffix("BuilderTests.swift"))
        #expect(Self.rageClicks.steps[0] == parsed.steps[0])
    }

    @Test("a changed step makes the scenarios differ")
    func differencesAreSeen() throws {
        var changed = Self.rageClicks
        changed.steps[8] = Step.rageClick("#place-order", times: 6)
        #expect(changed != Self.rageClicks)
    }

    @Test("the builder passes the checker, like a file would")
    func builtScenarioIsValid() throws {
        for (file, scenario) in Self.cases {
            let result = ScenarioParser.parse(ScenarioPrinter.print(scenario), file: file)
            #expect(result.diagnostics.isEmpty, "\(DiagnosticRenderer.render(result.diagnostics))")
        }
    }

    @Test("control flow in the builder flattens in order")
    func controlFlow() {
        let withRetry = true
        let scenario = Scenario("flow") {
            Step.visit("https://a.example/")
            if withRetry { Step.click("#retry") } else { Step.click("#cancel") }
            for index in 1...2 { Step.wait(Int64(index) * 1_000) }
        }
        #expect(scenario.steps.map(\.action) == [.visit(url: "https://a.example/"), .click(target: "#retry"), .wait(1_000), .wait(2_000)])
        #expect(scenario.persons == [Person.defaultPerson])
    }
}
