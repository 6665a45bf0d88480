extension APIReferencePage {
    /// The page's style sheet (inline; allowed by its hash).
    static let style = """
        body{font:15px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1d232a;background:#fafbfc}
        header{background:#17324d;color:#fff;padding:16px 24px}header h1{margin:0;font-size:24px}header small{opacity:.7;font-size:14px}
        header a{color:#9fd0ff}.summary{margin:4px 0}.meta{margin:8px 0 0}#filter{padding:4px 8px;width:280px;border-radius:4px;border:0}
        main{max-width:1100px;margin:0 auto;padding:8px 24px 48px}nav ul{list-style:none;padding:0;display:flex;flex-wrap:wrap;gap:12px}
        h2{border-bottom:2px solid #d5dde5;padding-bottom:4px;margin-top:32px}
        .op{background:#fff;border:1px solid #d5dde5;border-radius:6px;padding:8px 16px;margin:12px 0}.op h3{margin:4px 0;font-size:16px}
        .method{display:inline-block;min-width:58px;text-align:center;border-radius:4px;color:#fff;font-size:13px;padding:2px 6px}
        .get{background:#2f7ed8}.post{background:#2e9d5b}.put{background:#b7791f}.patch{background:#8a5cc2}.delete{background:#c53030}
        .opsum{font-weight:400}.opid{color:#5a6776;font-size:13px;margin:2px 0}code{background:#eef2f6;padding:0 3px;border-radius:3px}
        table{border-collapse:collapse;width:100%;font-size:14px}th,td{border-top:1px solid #e3e8ee;text-align:left;vertical-align:top;padding:4px 6px}
        td p{margin:0}.status{font-weight:600}.s2{color:#2e7d32}.s3{color:#5a6776}.s4{color:#b7791f}.s5{color:#c53030}
        pre{background:#f3f5f7;padding:8px;overflow:auto;font-size:13px}.hidden{display:none}
        """

    /// The page's script (inline; allowed by its hash): filters the operations as one types and counts those shown.
    /// Marks `<body data-rendered>` with the number of operations, which the headless-browser check reads.
    static let script = """
        (function () {
          var ops = Array.prototype.slice.call(document.querySelectorAll("article.op"));
          var input = document.getElementById("filter");
          var shown = document.getElementById("shown");
          function apply() {
            var q = input.value.trim().toLowerCase();
            var n = 0;
            ops.forEach(function (op) {
              var hit = q === "" || op.id.toLowerCase().indexOf(q) >= 0 || op.querySelector("h3").textContent.toLowerCase().indexOf(q) >= 0;
              op.classList.toggle("hidden", !hit);
              if (hit) { n += 1; }
            });
            document.querySelectorAll("section.tag").forEach(function (section) {
              section.classList.toggle("hidden", section.querySelector("article.op:not(.hidden)") === null);
            });
            shown.textContent = n + " of " + ops.length + " operations";
          }
          input.addEventListener("input", apply);
          apply();
          document.body.setAttribute("data-rendered", String(ops.length));
        })();
        """
}
