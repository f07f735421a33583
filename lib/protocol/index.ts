export * from "./agent";
export * from "./browser";
export * from "./events";
export * from "./fields";
export * from "./generations";
export * from "./validate";
export * from "./preview";
