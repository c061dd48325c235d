@testable import Simulation
import Testing

/// The browser's cookie scoping and per-origin storage, read and written in place.
@Suite("Browser storage")
struct BrowserStorageTests {
    @Test("A Domain= cookie reaches its domain and the hosts under it, nothing else", arguments: [
        ("shop.example", "shop.example", true),
        ("www.shop.example", "shop.example", true),
        ("a.b.shop.example", "shop.example", true),
        ("evilshop.example", "shop.example", false),
        ("shop.example", "www.shop.example", false),
        ("shop.examplf", "shop.example", false),
        ("www.shop.example", "hop.example", false),
        ("bücher.example", "example", true),
        ("xbücher.example", "bücher.example", false),
    ])
    func domainMatching(host: String, domain: String, matches: Bool) {
        #expect(CookieJar.domainMatches(host, domain) == matches)
    }

    @Test("Writes through an origin's store change it in place, add a new origin, and are dropped when storage is refused")
    func originStores() {
        var stores = OriginStores()
        stores["https://a.example"]["k"] = "1"
        stores["https://a.example"]["k"] = "2"
        stores["https://b.example"][stored: "n"] = .count(3)
        #expect(stores["https://a.example"]["k"] == "2")
        #expect(stores["https://b.example"][stored: "n"] == .count(3))
        stores["https://a.example"]["k"] = nil
        #expect(stores["https://a.example"]["k"] == nil)
        #expect(stores["https://c.example"]["k"] == nil)

        var refused = OriginStores()
        refused.refusesAll = true
        refused["https://a.example"]["k"] = "1"
        #expect(refused["https://a.example"]["k"] == nil)
    }

    @Test("A cookie is read back by name, partition and scope")
    func cookieReads() {
        var jar = CookieJar()
        jar.set("sid", "root", host: "www.shop.example", domain: "shop.example")
        jar.set("sid", "host", host: "help.shop.example", domain: nil)
        jar.set("sid", "third", host: "collector.example", domain: nil, partition: "shop.example")
        #expect(jar.value("sid", host: "www.shop.example") == "root")
        #expect(jar.value("sid", host: "help.shop.example") == "root")
        #expect(jar.value("sid", host: "other.example") == nil)
        #expect(jar.value("sid", host: "collector.example", partition: "shop.example") == "third")
        #expect(jar.value("sid", host: "collector.example", partition: "else.example") == nil)
    }
}
