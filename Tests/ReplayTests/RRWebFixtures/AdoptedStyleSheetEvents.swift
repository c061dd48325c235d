/// rrweb's adopted style sheet fixtures, in JSON with `now` = 1000 (`undefined` members left out).
enum AdoptedStyleSheetEvents {
    /// `packages/rrweb/test/events/adopted-style-sheet.ts` (rrweb-io/rrweb, the version stored at commit c659214dcc40,
    /// where AdoptedStyleSheet events carry the constructed sheets in `styles`).
    static let adoptedStyleSheet = #"""
    [
      {"type": 0, "data": {}, "timestamp": 1000},
      {"type": 4, "data": {"href": "about:blank", "width": 1920, "height": 1080}, "timestamp": 1100},
      {"type": 2, "timestamp": 1100, "data": {"initialOffset": {"left": 0, "top": 0}, "node": {"type": 0, "id": 1, "childNodes": [
        {"type": 1, "name": "html", "publicId": "", "systemId": "", "id": 2},
        {"type": 2, "tagName": "html", "attributes": {}, "id": 3, "childNodes": [
          {"type": 2, "tagName": "head", "attributes": {}, "childNodes": [], "id": 4},
          {"type": 2, "tagName": "body", "attributes": {}, "id": 5, "childNodes": [
            {"type": 3, "textContent": "\n        ", "id": 6},
            {"type": 2, "tagName": "div", "attributes": {}, "id": 7, "childNodes": [{"type": 3, "textContent": "div in outermost document", "id": 8}]},
            {"type": 3, "textContent": "\n        ", "id": 9},
            {"type": 2, "tagName": "div", "attributes": {"id": "shadow-host1"}, "id": 10, "isShadowHost": true, "childNodes": [
              {"type": 2, "tagName": "div", "attributes": {}, "id": 11, "isShadow": true, "childNodes": [{"type": 3, "textContent": "div in shadow dom 1", "id": 12}]},
              {"type": 2, "tagName": "span", "attributes": {}, "id": 13, "isShadow": true, "childNodes": [{"type": 3, "textContent": "span in shadow dom 1", "id": 14}]}]},
            {"type": 3, "textContent": "\n        ", "id": 15},
            {"type": 2, "tagName": "div", "attributes": {"id": "shadow-host2"}, "childNodes": [], "id": 16},
            {"type": 3, "textContent": "\n        ", "id": 17},
            {"type": 2, "tagName": "iframe", "attributes": {}, "childNodes": [], "id": 18},
            {"type": 3, "textContent": "\n      ", "id": 19}]}]}]}}},
      {"type": 3, "timestamp": 1200, "data": {"source": 15, "id": 1, "styleIds": [1], "styles": [{"rules": [{"rule": "div { color: yellow; }"}], "styleId": 1}]}},
      {"type": 3, "timestamp": 1250, "data": {"source": 0, "removes": [], "texts": [], "attributes": [], "isAttachIframe": true, "adds": [
        {"parentId": 18, "nextId": null, "node": {"type": 0, "compatMode": "BackCompat", "id": 20, "childNodes": [
          {"type": 2, "tagName": "html", "attributes": {}, "rootId": 20, "id": 21, "childNodes": [
            {"type": 2, "tagName": "head", "attributes": {}, "childNodes": [], "rootId": 20, "id": 22},
            {"type": 2, "tagName": "body", "attributes": {}, "rootId": 20, "id": 23, "childNodes": [
              {"type": 2, "tagName": "h1", "attributes": {}, "rootId": 20, "id": 24, "childNodes": [{"type": 3, "textContent": "h1 in iframe", "rootId": 20, "id": 25}]}]}]}]}}]}},
      {"type": 3, "timestamp": 1300, "data": {"source": 15, "id": 10, "styleIds": [1, 2], "styles": [{"rules": [{"rule": "span { color: red; }"}], "styleId": 2}]}},
      {"type": 3, "timestamp": 1300, "data": {"source": 15, "id": 20, "styleIds": [3], "styles": [{"rules": [{"rule": "h1 { color: blue; }"}], "styleId": 3}]}},
      {"type": 3, "timestamp": 1500, "data": {"source": 0, "texts": [], "attributes": [], "removes": [], "adds": [
        {"parentId": 16, "nextId": null, "node": {"type": 2, "tagName": "span", "attributes": {}, "childNodes": [], "id": 26, "isShadow": true}},
        {"parentId": 26, "nextId": null, "node": {"type": 3, "textContent": "span in shadow dom 2", "id": 27}},
        {"parentId": 16, "nextId": 26, "node": {"type": 2, "tagName": "div", "attributes": {}, "childNodes": [], "id": 28, "isShadow": true}},
        {"parentId": 28, "nextId": null, "node": {"type": 3, "textContent": "div in shadow dom 2", "id": 29}}]}},
      {"type": 3, "timestamp": 1550, "data": {"source": 15, "id": 16, "styleIds": [4], "styles": [{"rules": [{"rule": "span { color: green; }"}], "styleId": 4}]}}
    ]
    """#

    /// `packages/rrweb/test/events/adopted-style-sheet-modification.ts` (rrweb-io/rrweb commit 05632d2eabe6).
    static let modification = #"""
    [
      {"type": 4, "data": {"href": "about:blank", "width": 1920, "height": 1080}, "timestamp": 1000},
      {"type": 2, "timestamp": 1100, "data": {"initialOffset": {"left": 0, "top": 0}, "node": {"type": 0, "id": 1, "childNodes": [
        {"type": 1, "name": "html", "publicId": "", "systemId": "", "id": 2},
        {"type": 2, "tagName": "html", "attributes": {}, "id": 3, "childNodes": [
          {"type": 2, "tagName": "head", "attributes": {}, "childNodes": [], "id": 4},
          {"type": 2, "tagName": "body", "attributes": {}, "id": 5, "childNodes": [
            {"type": 3, "textContent": "\n       ", "id": 6},
            {"type": 2, "tagName": "div", "attributes": {}, "id": 7, "childNodes": [{"type": 3, "textContent": "div in outermost document", "id": 8}]},
            {"type": 3, "textContent": "       \n       ", "id": 9},
            {"type": 2, "tagName": "iframe", "attributes": {}, "childNodes": [], "id": 10},
            {"type": 3, "textContent": "\n     ", "id": 11}]}]}]}}},
      {"type": 3, "timestamp": 1150, "data": {"source": 15, "id": 1, "styleIds": [1], "styles": [{"styleId": 1, "rules": []}]}},
      {"type": 3, "timestamp": 1200, "data": {"source": 0, "removes": [], "texts": [], "attributes": [], "isAttachIframe": true, "adds": [
        {"parentId": 10, "nextId": null, "node": {"type": 0, "compatMode": "BackCompat", "id": 12, "childNodes": [
          {"type": 2, "tagName": "html", "attributes": {}, "rootId": 12, "id": 13, "childNodes": [
            {"type": 2, "tagName": "head", "attributes": {}, "childNodes": [], "rootId": 12, "id": 14},
            {"type": 2, "tagName": "body", "attributes": {}, "rootId": 12, "id": 15, "childNodes": [
              {"type": 2, "tagName": "h1", "attributes": {}, "rootId": 12, "id": 16, "childNodes": [{"type": 3, "textContent": "h1 in iframe", "rootId": 12, "id": 17}]}]}]}]}}]}},
      {"type": 3, "timestamp": 1250, "data": {"source": 15, "id": 12, "styleIds": [2], "styles": [{"rules": [], "styleId": 2}]}},
      {"type": 3, "timestamp": 1300, "data": {"source": 8, "styleId": 1, "replace": "div { color: yellow; }"}},
      {"type": 3, "timestamp": 1300, "data": {"source": 8, "styleId": 2, "replace": "h1 { color: blue; }"}},
      {"type": 3, "timestamp": 1400, "data": {"source": 8, "styleId": 1, "replaceSync": "div { display: inline ; }"}},
      {"type": 3, "timestamp": 1400, "data": {"source": 8, "styleId": 2, "replaceSync": "h1 { font-size: large; }"}},
      {"type": 3, "timestamp": 1500, "data": {"source": 13, "styleId": 1, "set": {"property": "color", "value": "green"}, "index": [0]}},
      {"type": 3, "timestamp": 1500, "data": {"source": 13, "styleId": 1, "remove": {"property": "display"}, "index": [0]}},
      {"type": 3, "timestamp": 1500, "data": {"source": 13, "styleId": 2, "set": {"property": "font-size", "value": "medium", "priority": "important"}, "index": [0]}},
      {"type": 3, "timestamp": 1500, "data": {"source": 8, "styleId": 2, "adds": [{"rule": "h2 { color: red; }"}]}},
      {"type": 3, "timestamp": 1600, "data": {"source": 8, "styleId": 1, "adds": [{"rule": "body { border: 2px solid blue; }", "index": 1}]}},
      {"type": 3, "timestamp": 1600, "data": {"source": 8, "styleId": 2, "removes": [{"index": 0}]}}
    ]
    """#
}
