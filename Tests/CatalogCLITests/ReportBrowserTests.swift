import CatalogTestSupport
import Foundation
import Testing

/// Headless Chromium (Debian's `chromium`), when installed.
enum Chromium {
    static let path: String? = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"]
        .first { FileManager.default.isExecutableFile(atPath: $0) }

    /// The DOM after the page's scripts ran (`--dump-dom`).
    static func dumpDOM(_ file: String, fragment: String = "", in directory: URL) throws -> String {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: path!)
        process.arguments = [
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--no-first-run",
            "--user-data-dir=" + directory.appendingPathComponent("chromium-profile").path,
            "--dump-dom", URL(fileURLWithPath: file).absoluteString + fragment,
        ]
        let output = directory.appendingPathComponent("dom-\(UUID().uuidString).html")
        FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        process.standardOutput = handle
        process.standardError = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        try handle.close()
        return try String(contentsOf: output, encoding: .utf8)
    }
}

@Suite("report in headless Chromium", .enabled(if: Chromium.path != nil, "chromium is not installed"), .serialized)
struct ReportBrowserTests {
    @Test("The page draws the catalog table, its charts and an opened architecture's layers with Connected to")
    func rendersTheSeeds() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let page = cli.path("catalog.html")
        #expect(try cli.run(["report", "--output", page, "--flops"]).status == 0)
        // architecture-3 is keras_resnet50 (by name: alexnet, article_cnn, keras_resnet50, …).
        let dom = try Chromium.dumpDOM(page, fragment: "#architecture-3", in: cli.directory)
        #expect(dom.contains("data-ready-ms="), "the script did not finish")
        // The catalog table: a row per architecture with grouped totals; vgg16's 138,357,544.
        #expect(dom.contains("<td class=\"num\">138,357,544</td>"), "\(dom.prefix(2000))")
        #expect(dom.contains("11 architectures"))
        // FLOPs column: vgg16 2 × 15,470,264,320.
        #expect(dom.contains("30,940,528,640"))
        // keras_resnet50 opened from the link: its layer table with Keras' "Connected to"
        // (ResNet50.expected.json: conv2_block1_add ← conv2_block1_0_bn[0][0], conv2_block1_3_bn[0][0]).
        #expect(dom.contains("id=\"architecture-3\""))
        #expect(dom.contains("<th scope=\"col\" tabindex=\"0\">Connected to</th>"))
        #expect(dom.contains("conv2_block1_0_bn[0][0], conv2_block1_3_bn[0][0]"))
        #expect(dom.contains("25,636,712"))
    }

    @Test("The search box and a column filter narrow the table")
    func filters() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        let page = cli.path("catalog.html")
        #expect(try cli.run(["report", "--output", page]).status == 0)
        // A page that types into the filters on load: the catalog's own script, then ours.
        var html = try String(contentsOfFile: page, encoding: .utf8)
        html = html.replacingOccurrences(of: "</body>", with: """
            <script>//<![CDATA[
            var search = document.getElementById('search'); search.value = 'resnet';
            search.dispatchEvent(new Event('input'));
            var total = document.querySelector('tr.filters input[data-column="2"]'); total.value = '>2e7';
            total.dispatchEvent(new Event('input'));
            //]]></script></body>
            """)
        try html.write(toFile: page, atomically: true, encoding: .utf8)
        let dom = try Chromium.dumpDOM(page, in: cli.directory)
        // resnet18 11,689,512 and resnet34 21,797,672 match "resnet"; over 2·10⁷: resnet34,
        // resnet50 25,557,032 and keras_resnet50 25,636,712.
        #expect(dom.contains("3 of 11 architectures"), "\(dom.prefix(3000))")
        #expect(dom.contains(">resnet34</a>") && dom.contains(">keras_resnet50</a>"))
        #expect(!dom.contains(">resnet18</a></td>") && !dom.contains(">vgg16</a></td>"))
    }

    /// The time check runs only with CATALOG_BROWSER_TIMING=1 (timing asserts are flaky on a
    /// loaded machine); the time is printed either way.
    @Test("10,000 architectures: under 5 MB; drawn in under 2 s (with CATALOG_BROWSER_TIMING=1)")
    func scales() throws {
        let cli = try CLI()
        defer { cli.cleanUp() }
        // 10,000 small residual networks of 14 layers, widths varied so no two are equal.
        let folder = cli.path("many")
        try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        var list = ""
        for index in 0..<10_000 {
            let width = 8 + index % 120, classes = 2 + index / 120
            let text = """
                {"name": "net\(index)", "framework": "keras", "tags": ["generated"], "input": [32, 32, 3], "layers": [
                 {"type": "Conv2D", "name": "stem", "filters": \(width), "kernel_size": 3, "padding": "same"},
                 {"type": "BatchNormalization", "name": "stem_bn"},
                 {"type": "ReLU", "name": "stem_relu"},
                 {"type": "Conv2D", "name": "block_conv1", "filters": \(width), "kernel_size": 3, "padding": "same"},
                 {"type": "BatchNormalization", "name": "block_bn1"},
                 {"type": "ReLU", "name": "block_relu1"},
                 {"type": "Conv2D", "name": "block_conv2", "filters": \(width), "kernel_size": 3, "padding": "same"},
                 {"type": "BatchNormalization", "name": "block_bn2"},
                 {"type": "Add", "name": "block_add", "inputs": ["stem_relu", "block_bn2"]},
                 {"type": "ReLU", "name": "block_out"},
                 {"type": "MaxPooling2D", "name": "pool", "pool_size": 2},
                 {"type": "GlobalAveragePooling2D", "name": "gap"},
                 {"type": "Dense", "name": "fc", "units": \(classes)}]}
                """
            let path = folder + "/net\(index).json"
            try Data(text.utf8).write(to: URL(fileURLWithPath: path))
            list += path + "\n"
        }
        try cli.write("files.txt", list)
        let added = try cli.run(["add", "--files-from", cli.path("files.txt"), "--quiet"], timeout: 900)
        #expect(added.status == 0, "\(added)")
        let page = cli.path("big.html")
        let report = try cli.run(["report", "--output", page], timeout: 600)
        #expect(report.status == 0, "\(report)")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: page)[.size] as? Int)
        #expect(size < 5_000_000, "\(size) bytes")
        let dom = try Chromium.dumpDOM(page, fragment: "#architecture-100", in: cli.directory)
        let ready = try #require(dom.firstMatch(of: /data-ready-ms="([0-9]+)"/), "the script did not finish")
        let milliseconds = try #require(Int(ready.1))
        if ProcessInfo.processInfo.environment["CATALOG_BROWSER_TIMING"] == "1" {
            #expect(milliseconds < 2_000, "drawn after \(milliseconds) ms")
        }
        #expect(dom.contains("10011 architectures"))
        // The scatter names every architecture; the table shows the first 200 rows and offers the rest.
        #expect(dom.components(separatedBy: "<circle").count - 1 == 10_011)
        #expect(dom.contains("Show all 10011"))
        // The 100th opened on demand, with its layers (13 and the input); the layer tables past
        // the page's 5 MB are left out, and the page says so.
        #expect(dom.contains("id=\"architecture-100\""))
        #expect(dom.contains("block_relu1[0][0]"))
        #expect(dom.contains("were left out to keep this page under 5 MB"))
        print("report of 10,011 architectures: \(size) bytes, drawn in \(milliseconds) ms")
    }
}
