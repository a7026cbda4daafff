// biome-ignore-all lint/suspicious/noTemplateCurlyInString: the strings are GitHub Actions expressions (${{ ... }}), not templates.
import * as assert from "node:assert";
import * as fs from "node:fs";
import * as yaml from "js-yaml";
import * as path from "node:path";
import { ROOT } from "../offline/engine/stackfile";

const { validateWorkflow } = require("@action-validator/core") as typeof import("@action-validator/core");

const dir = path.join(ROOT, ".github", "workflows");
const files = fs.readdirSync(dir).filter((f) => f.endsWith(".yml") || f.endsWith(".yaml"));
const load = (file: string) => yaml.load(fs.readFileSync(path.join(dir, file), "utf8")) as any;
const steps = (wf: any) => Object.values<any>(wf.jobs).flatMap((j) => j.steps ?? []);

describe("GitHub workflows", () => {
    it("exist for pull requests and main", () => {
        assert.deepStrictEqual(files.sort(), ["deploy.yml", "drift.yml", "preview.yml"]);
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

    it("previews every stack each day with a refresh, expecting no changes, as the read-only preview role", () => {
        const wf = load("drift.yml");
        assert.deepStrictEqual(wf.on.schedule, [{ cron: "17 6 * * *" }]);
        assert.match(wf.on.schedule[0].cron, /^\d+ \d+ \* \* \*$/, "once a day");
        assert.deepStrictEqual(wf.jobs.drift.strategy.matrix.stack, load("preview.yml").jobs.preview.strategy.matrix.stack);
        const creds = wf.jobs.drift.steps.find((s: any) => String(s.uses).startsWith("aws-actions/configure-aws-credentials"));
        assert.strictEqual(creds.with["role-to-assume"], "${{ vars.AWS_PREVIEW_ROLE_ARN }}");
        const preview = wf.jobs.drift.steps.find((s: any) => String(s.uses).startsWith("pulumi/actions"));
        assert.deepStrictEqual(
            {
                command: preview.with.command,
                refresh: preview.with.refresh,
                expect: preview.with["expect-no-changes"],
                cont: preview["continue-on-error"],
            },
            { command: "preview", refresh: true, expect: true, cont: true },
        );
        assert.strictEqual(wf.permissions.issues, "write");
        assert.strictEqual(wf.permissions.contents, "read");
    });

    it("opens or updates one issue per stack with the diff on drift, and closes it when clean", () => {
        const wf = load("drift.yml");
        const step = wf.jobs.drift.steps.find((s: any) => String(s.uses).startsWith("actions/github-script"));
        assert.strictEqual(step.env.OUTCOME, "${{ steps.preview.outcome }}");
        assert.strictEqual(step.env.DIFF, "${{ steps.preview.outputs.output }}");
        assert.strictEqual(step.env.STACK, "${{ matrix.stack }}");
        const script: string = step.with.script;
        assert.ok(script.includes("const title = `Drift: stack ${STACK}`"), "one title per stack");
        assert.ok(script.includes("issues.update({ ...repo, issue_number: issue.number, body })"), "updates the open issue");
        assert.ok(script.includes('issues.create({ ...repo, title, body, labels: ["drift"] })'), "or opens one");
        assert.ok(script.includes('state: "closed"'), "closes it when clean");
        assert.ok(!/\$\{\{/.test(script), "no expression interpolated into the script: values come through env");
    });

    it("comments the monthly cost per stack and its delta against the base branch on every PR", () => {
        const wf = load("preview.yml");
        const job = wf.jobs.cost;
        const runs = job.steps.map((s: any) => s.run ?? "").join("\n");
        assert.ok(runs.includes('npm run -s cost -- --stack "$stack" --json > "$RUNNER_TEMP/cost/head/$stack.json"'), "head");
        assert.ok(runs.includes('git worktree add "$RUNNER_TEMP/base" "$BASE_SHA"'), "base checkout");
        assert.strictEqual(job.steps.find((s: any) => s.env?.BASE_SHA).env.BASE_SHA, "${{ github.event.pull_request.base.sha }}");
        assert.ok(runs.includes('npm run -s cost -- --stack "$stack" --json > "$RUNNER_TEMP/cost/base/$stack.json"'), "base");
        assert.ok(
            runs.includes(
                'npx tsx scripts/cost-comment.ts --head "$RUNNER_TEMP/cost/head" --base "$RUNNER_TEMP/cost/base" > "$RUNNER_TEMP/cost/comment.md"',
            ),
        );
        assert.ok(runs.includes("for stack in dev staging"), "the stacks the preview job previews");
        assert.deepStrictEqual(wf.jobs.preview.strategy.matrix.stack, ["dev", "staging"]);
        const comment = job.steps.find((s: any) => String(s.uses).startsWith("actions/github-script"));
        assert.strictEqual(comment.env.COMMENT_FILE, "${{ runner.temp }}/cost/comment.md");
        assert.ok(
            comment.with.script.includes("updateComment") && comment.with.script.includes("createComment"),
            "edits its comment, or adds one",
        );
        assert.strictEqual(wf.permissions["pull-requests"], "write");
    });

    it("the test command in CI is the README's", () => {
        const readme = fs.readFileSync(path.join(ROOT, "README.md"), "utf8");
        assert.ok(readme.includes("npm ci && npm test"), "README names the test command");
        assert.ok(fs.readFileSync(path.join(ROOT, ".ci", "run"), "utf8").includes("\nnpm ci && npm test\n"));
    });
});
