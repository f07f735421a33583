export * from "./agent";
export * from "./browser";
export * from "./fields";
export * from "./validate";
