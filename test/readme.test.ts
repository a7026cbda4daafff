import * as assert from "node:assert";
import * as fs from "node:fs";
import * as path from "node:path";
import { BEGIN, END, configReference } from "../scripts/config-reference";
import { ROOT } from "../offline/engine/stackfile";

describe("README", () => {
    const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");

    it("embeds the current config reference (regenerate with npm run config-reference)", () => {
        const start = readme.indexOf(BEGIN);
        const end = readme.indexOf(END);
        assert.ok(start >= 0 && end > start, "README has the config reference markers");
        assert.strictEqual(readme.slice(start, end + END.length), configReference());
    });

    it("names the two commands of the contract", () => {
        assert.ok(readme.includes("npm ci && npm run synth"));
        assert.ok(readme.includes("npm ci && npm test"));
    });

    it("links only to files that exist", () => {
        const links = [...readme.matchAll(/\]\(((?!https?:)[^)#]+)\)/g)].map((m) => m[1]);
        assert.ok(links.length > 5);
        assert.deepStrictEqual(
            links.filter((l) => !fs.existsSync(path.join(ROOT, l))),
            [],
        );
    });
});
