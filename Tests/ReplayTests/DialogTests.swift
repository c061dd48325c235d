import Replay
import SessionModel
import Testing

/// rrweb `packages/rrweb/test/events/dialog-playback.ts` (the incremental part), with the states its own
/// comments name ("open dialog with .show()", "close dialog with .close()", "open dialog with .showModal()",
/// "switch between .showModal() and .show()"): open or closed from the `open` attribute, modal or not
/// from `rr_openMode`, which is a replayer property, never an attribute.
@Suite("Dialog playback")
struct DialogTests {
    static let events = #"""
        [{"type":4,"timestamp":1900000132,"data":{"href":"http://127.0.0.1:5500/test/html/dialog.html","width":1600,"height":900}},
        {"type":2,"timestamp":1900000132,"data":{"node":{"type":0,"id":1,"childNodes":[{"type":2,"tagName":"html","attributes":{"lang":"en"},"id":3,"childNodes":[
          {"type":2,"tagName":"head","attributes":{},"childNodes":[],"id":4},
          {"type":2,"tagName":"body","attributes":{},"id":22,"childNodes":[
            {"type":2,"tagName":"dialog","attributes":{"style":"outline: red solid 1px;"},"childNodes":[{"type":3,"textContent":"Dialog 2","id":28}],"id":27}]}]}]}}},
        {"type":3,"timestamp":1900001500,"data":{"source":0,"adds":[],"removes":[],"texts":[],"attributes":[{"id":27,"attributes":{"open":"","rr_openMode":"non-modal","class":"show"}}]}},
        {"type":3,"timestamp":1900002000,"data":{"source":0,"adds":[],"removes":[],"texts":[],"attributes":[{"id":27,"attributes":{"open":null,"class":"closed"}}]}},
        {"type":3,"timestamp":1900002500,"data":{"source":0,"adds":[],"removes":[],"texts":[],"attributes":[{"id":27,"attributes":{"rr_openMode":"modal","open":"","class":"showModal"}}]}},
        {"type":3,"timestamp":1900002600,"data":{"source":0,"adds":[],"removes":[],"texts":[],"attributes":[{"id":27,"attributes":{"rr_openMode":"non-modal","class":"switched-from-show-modal-to-show"}}]}}]
        """#

    @Test(arguments: [
        (Int64(1_400), #"<dialog style="outline: red solid 1px;">Dialog 2</dialog>"#),
        (1_900, #"<dialog class="show" open="" style="outline: red solid 1px;"><!--rr {"rr_openMode":"non-modal"}-->Dialog 2</dialog>"#),
        (2_400, #"<dialog class="closed" style="outline: red solid 1px;"><!--rr {"rr_openMode":"non-modal"}-->Dialog 2</dialog>"#),
        (2_500, #"<dialog class="showModal" open="" style="outline: red solid 1px;"><!--rr {"rr_openMode":"modal"}-->Dialog 2</dialog>"#),
        (2_600, #"<dialog class="switched-from-show-modal-to-show" open="" style="outline: red solid 1px;"><!--rr {"rr_openMode":"non-modal"}-->Dialog 2</dialog>"#),
    ])
    func dialogStateAtEachMoment(offset: Int64, expected: String) throws {
        let session = ReplaySession(bytes: Array(Self.events.utf8))
        // Offsets are from the first event (132 ms after the fixture's start time).
        let dom = session.seek(to: offset - 132 + 1)
        #expect(dom.findings.isEmpty, "\(dom.findings)")
        #expect(dom.node(id: 27)?.html() == expected + "\n")
        #expect(dom.node(id: 27)?.attribute("rr_openMode") == nil)
    }
}
