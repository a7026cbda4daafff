import { Rule } from "../types";

/** Tenancy rules: K1, K7, K8 of ../shared/security-checklist.md. */
export const tenancyRules: Rule[] = [];
