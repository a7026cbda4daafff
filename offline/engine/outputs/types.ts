/** What a mocked resource returns beyond its inputs. */
export type OutputFn = (name: string, inputs: Record<string, any>) => Record<string, any>;
/** What a mocked invoke returns. */
export type CallFn = (inputs: Record<string, any>) => Record<string, any>;

export interface MockTable {
    resources: Record<string, OutputFn>;
    calls: Record<string, CallFn>;
}
