/**
 * Why a service refused a request, in words for the user. Services stay transport-free: the edge
 * (the route helper, a socket handler) turns the kind into its own answer (400, 404, 409 …).
 */
export type ServiceErrorKind = "invalid" | "not-found" | "conflict";

export class ServiceError extends Error {
  constructor(
    readonly kind: ServiceErrorKind,
    message: string,
  ) {
    super(message);
    this.name = "ServiceError";
  }
}
