import * as assert from "assert";
import * as fs from "fs";
import * as yaml from "js-yaml";
import * as path from "path";
import { ROOT } from "./harness/stackfile";

// eslint-disable-next-line @typescript-eslint/no-require-imports
const { validateWorkflow } = require("@action-validator/core") as typeof import("@action-validator/core");

const dir = path.join(ROOT, ".github", "workflows");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"));
const load = (file: string) => yaml.load(fs.readFileSync(path.join(dir, file), "utf8")) as any;
const steps = (wf: any) => Object.values<any>(wf.jobs).flatMap((j) => j.steps ?? []);

describe("GitHub workflows", () => {
    it("exist for pull requests and main", () => {
        assert.deepStrictEqual(files.sort(), ["deploy.yml", "preview.yml"]);
    });

    for (const file of files) {
        it(`${file} validates against GitHub's workflow schema`, () => {
            const state = validateWorkflow(fs.readFileSync(path.join(dir, file), "utf8"));
            assert.deepStrictEqual(state.errors, []);
        });

        it(`${file} gets AWS credentials through OIDC, never long-lived keys`, () => {
            const wf = load(file);
            assert.strictEqual(wf.permissions["id-token"], "write");
            const text = fs.readFileSync(path.join(dir, file), "utf8");
            assert.ok(!/AWS_ACCESS_KEY_ID|AWS_SECRET_ACCESS_KEY/.test(text), "no static AWS keys");
            for (const step of steps(wf).filter((s) => String(s.uses).startsWith("aws-actions/configure-aws-credentials"))) {
                assert.ok(step.with["role-to-assume"], "assumes a role");
            }
        });

        it(`${file} pins every action to a major version and runs the policy pack`, () => {
            const wf = load(file);
            for (const s of steps(wf).filter((s) => s.uses)) assert.match(s.uses, /@v\d+$/);
            const pulumi = steps(wf).filter((s) => String(s.uses).startsWith("pulumi/actions"));
            assert.ok(pulumi.length > 0);
            for (const s of pulumi) assert.strictEqual(s.with.policyPacks, "policy");
        });
    }

    it("previews every stack on pull requests and comments on the PR", () => {
        const wf = load("preview.yml");
        assert.deepStrictEqual(Object.keys(wf.on), ["pull_request"]);
        assert.deepStrictEqual(wf.jobs.preview.strategy.matrix.stack, ["dev", "staging"]);
        const step = wf.jobs.preview.steps.find((s: any) => String(s.uses).startsWith("pulumi/actions"));
        assert.strictEqual(step.with.command, "preview");
        assert.strictEqual(step.with["comment-on-pr"], true);
    });

    it("deploys dev on main, then staging behind its environment approval", () => {
        const wf = load("deploy.yml");
        assert.deepStrictEqual(wf.on.push.branches, ["main"]);
        assert.strictEqual(wf.jobs["up-dev"].needs, "test");
        assert.strictEqual(wf.jobs["up-staging"].needs, "up-dev");
        assert.strictEqual(wf.jobs["up-staging"].environment, "staging");
        const up = (job: string) => wf.jobs[job].steps.find((s: any) => String(s.uses).startsWith("pulumi/actions")).with;
        assert.strictEqual(up("up-dev").command, "up");
        assert.match(up("up-staging")["stack-name"], /\/staging$/);
    });

    it("the test command in CI is the README's", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        assert.ok(readme.includes("npm ci && npm test"), "README names the test command");
        assert.ok(fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8").includes("\nnpm ci && npm test\n"));
    });
});
