/// The HTML named character references a canary's characters can be written as, by name.
///
/// Not the whole HTML5 table: the punctuation canaries contain, the markup
/// characters, and the accented letters the generated names use.
enum HTMLEntities {
    static let scalarsByName: [String: Unicode.Scalar] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "commat": "@", "period": ".", "comma": ",",
        "excl": "!", "num": "#", "dollar": "$", "percnt": "%", "plus": "+", "lowbar": "_", "colon": ":", "semi": ";",
        "sol": "/", "bsol": "\\", "lpar": "(", "rpar": ")", "equals": "=", "quest": "?", "ast": "*", "lsqb": "[",
        "rsqb": "]", "lcub": "{", "rcub": "}", "verbar": "|", "grave": "`", "Hat": "^", "Tab": "\t", "NewLine": "\n",
        "auml": "ä", "Auml": "Ä", "ouml": "ö", "Ouml": "Ö", "uuml": "ü", "Uuml": "Ü", "szlig": "ß", "eacute": "é",
        "Eacute": "É", "egrave": "è", "aacute": "á", "agrave": "à", "iacute": "í", "oacute": "ó", "uacute": "ú",
        "ntilde": "ñ", "ccedil": "ç", "aring": "å", "oslash": "ø", "cacute": "ć", "Cacute": "Ć", "scaron": "š",
        "Scaron": "Š", "zcaron": "ž", "ccaron": "č", "Ccaron": "Č",
    ]

    /// The name for each scalar that has one (the first in name order when several do).
    static let nameByScalar: [Unicode.Scalar: String] = {
        var names: [Unicode.Scalar: String] = [:]
        for (name, scalar) in scalarsByName.sorted(by: { $0.key < $1.key }) where names[scalar] == nil { names[scalar] = name }
        return names
    }()

    /// The longest name, which bounds how far a decoder looks for the closing `;`.
    static let longestName = scalarsByName.keys.map(\.utf8.count).max() ?? 0
}
