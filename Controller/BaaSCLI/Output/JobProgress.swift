/// A job's steps as text: with `bars`, a progress bar per step (for a terminal), else plain
/// `step state done/total` lines. Pure, so tests check the exact output.
enum JobProgress {
    static let width = 24

    static func render(_ job: JSONValue, bars: Bool) -> String {
        var lines: [String] = ["job \(job["id"].cellText) \(job["kind"].cellText): \(job["status"].cellText)"]
        for step in job["steps"].elements {
            let name = step["name"].cellText.padding(toLength: 14, withPad: " ", startingAt: 0)
            let done = Int(step["done"].cellText) ?? 0
            let total = max(Int(step["total"].cellText) ?? 1, 1)
            let state = step["state"].cellText
            var line = "  " + name
            if bars {
                let filled = min(width, done * width / total)
                line += " [" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
            }
            line += " \(done)/\(total) \(state)"
            if case .number(let seconds) = step["seconds"] { line += " " + String(Int(seconds * 1000)) + " ms" }
            let detail = step["detail"].cellText
            if !detail.isEmpty { line += "  " + detail }
            lines.append(line)
        }
        if job["error"]["message"].string != nil {
            lines.append("error: \(job["error"]["message"].cellText)")
        }
        return lines.joined(separator: "\n")
    }
}
