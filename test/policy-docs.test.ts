import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { rules } from "../policy/rules";

/** docs/policy.md is the rules' reference: every rule has a row there, and the page names no rule that does not exist. */
describe("docs/policy.md", () => {
    const page = fs.readFileSync(path.join(__dirname, "..", "docs", "policy.md"), "utf8");
    const rows = page.split("\n").filter((l) => /^\| [A-Z]\d+ \|/.test(l));

    it("has a row for every rule, naming its id and policy name", () => {
        const missing = rules.filter((r) => !rows.some((row) => row.startsWith(`| ${r.id} |`) && row.includes(`\`${r.name}\``)));
        assert.deepStrictEqual(
            missing.map((r) => `${r.id} ${r.name}`),
            [],
        );
    });

    it("names only policies the pack has", () => {
        const named = [...page.matchAll(/`([a-z]\d+-[a-z0-9-]+)`/g)].map((m) => m[1]);
        assert.ok(named.length >= rules.length);
        assert.deepStrictEqual(
            named.filter((n) => !rules.some((r) => r.name === n)),
            [],
        );
    });

    it("nothing in the repository points outside it for the rules", () => {
        const files = [
            "CONTRIBUTING.md",
            "README.md",
            "policy/PulumiPolicy.yaml",
            ...fs.readdirSync(path.join(__dirname, "..", "policy", "rules")).map((f) => `policy/rules/${f}`),
        ];
        const outside = files.filter((f) => fs.readFileSync(path.join(__dirname, "..", f), "utf8").includes("../shared"));
        assert.deepStrictEqual(outside, []);
    });
});
