import * as assert from "node:assert";
import { execFileSync } from "node:child_process";
import * as fs from "node:fs";
import * as os from "node:os";
import * as path from "node:path";
import { COST_COMMENT_MARKER, type CostReport, costComment, readReports } from "../scripts/cost-comment";
import { ROOT } from "../offline/engine/stackfile";

const report = (stack: string, byLayer: Record<string, number>): CostReport => ({
    stack,
    currency: "USD",
    byLayer,
    total: Object.values(byLayer).reduce((a, b) => a + b, 0),
});

describe("cost comment on pull requests", () => {
    it("shows each stack's base, head and delta, and only the layers that moved", () => {
        const base = [report("dev", { data: 100, cluster: 120 }), report("staging", { data: 400, cluster: 300 })];
        const head = [report("dev", { data: 100, cluster: 150.5 }), report("staging", { data: 400, cluster: 300 })];
        assert.strictEqual(
            costComment(head, base),
            [
                COST_COMMENT_MARKER,
                "### Monthly cost estimate (USD, list prices; `npm run cost`)",
                "",
                "| stack | base | this PR | delta |",
                "|---|---:|---:|---:|",
                "| dev | $220.00 | $250.50 | +$30.50 (+13.9%) |",
                "| staging | $700.00 | $700.00 | ±$0.00 |",
                "",
                "<details><summary>Layers that changed</summary>",
                "",
                "| stack | layer | base | this PR | delta |",
                "|---|---|---:|---:|---:|",
                "| dev | cluster | $120.00 | $150.50 | +$30.50 |",
                "",
                "</details>",
                "",
            ].join("\n"),
        );
    });

    it("marks new and removed stacks, and savings with a minus", () => {
        const text = costComment(
            [report("dev", { data: 90 }), report("qa", { data: 10 })],
            [report("dev", { data: 100 }), report("old", { data: 5 })],
        );
        assert.ok(text.includes("| dev | $100.00 | $90.00 | −$10.00 (−10.0%) |"), text);
        assert.ok(text.includes("| qa | new | $10.00 | +$10.00 |"), text);
        assert.ok(text.includes("| old | $5.00 | removed | −$5.00 |"), text);
    });

    it("says so when nothing moved", () => {
        const same = [report("dev", { data: 1 })];
        assert.ok(costComment(same, same).endsWith("| dev | $1.00 | $1.00 | ±$0.00 |\n\nNo layer's estimate changed.\n"));
    });

    it("reads the JSON that `npm run cost -- --json` writes, through the CLI the workflow calls", function () {
        this.timeout(240000);
        const dir = fs.mkdtempSync(path.join(os.tmpdir(), "cost-comment-"));
        try {
            for (const side of ["head", "base"]) fs.mkdirSync(path.join(dir, side));
            const tsx = path.join(ROOT, "node_modules", ".bin", "tsx");
            const json = execFileSync(tsx, ["scripts/cost.ts", "--stack", "dev", "--json"], { cwd: ROOT, encoding: "utf8" });
            fs.writeFileSync(path.join(dir, "head", "dev.json"), json);
            const real = readReports(path.join(dir, "head"))[0];
            assert.strictEqual(real.stack, "dev");
            assert.ok(real.total > 0 && Object.keys(real.byLayer).length > 3, "a real report has a total and layers");
            fs.writeFileSync(
                path.join(dir, "base", "dev.json"),
                JSON.stringify({ ...real, total: real.total - 10, byLayer: { ...real.byLayer, data: real.byLayer.data - 10 } }),
            );
            const out = execFileSync(tsx, ["scripts/cost-comment.ts", "--head", path.join(dir, "head"), "--base", path.join(dir, "base")], {
                cwd: ROOT,
                encoding: "utf8",
            });
            assert.ok(out.startsWith(COST_COMMENT_MARKER));
            assert.ok(
                out.includes(`| dev | data | $${(real.byLayer.data - 10).toFixed(2)} | $${real.byLayer.data.toFixed(2)} | +$10.00 |`),
                out,
            );
        } finally {
            fs.rmSync(dir, { recursive: true, force: true });
        }
    });
});
