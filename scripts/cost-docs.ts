/**
 * Rewrites the generated cost tables in docs/cost.md (totals, knobs) and README.md (totals) from runs of the real
 * program, priced at the price table's date (docsDate). test/cost-docs.test.ts fails when they drift apart.
 *   npm run cost-docs
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { ROOT } from "../offline/engine/stackfile";
import { KNOBS_TABLE, TOTALS, docsDate, knobsTable, replaceBlock, totalsTable } from "./cost/docs";
import { loadPrices } from "./cost/prices";
import { exitWhenFlushed } from "./exit";

async function main(): Promise<number> {
    const prices = loadPrices();
    const now = docsDate(prices);
    const totals = await totalsTable(prices, now);
    const knobs = await knobsTable(prices, now);
    const rewrite = (file: string, edit: (text: string) => string) => {
        const full = path.join(ROOT, file);
        fs.writeFileSync(full, edit(fs.readFileSync(full, "utf8")));
        console.log(`wrote ${file}`);
    };
    rewrite("docs/cost.md", (t) => replaceBlock(replaceBlock(t, TOTALS, totals), KNOBS_TABLE, knobs));
    rewrite("README.md", (t) => replaceBlock(t, TOTALS, totals));
    return 0;
}

if (require.main === module) {
    main().then(exitWhenFlushed, (err) => {
        console.error(err instanceof Error ? err.message : err);
        exitWhenFlushed(1);
    });
}
