// A handler written the old way, without the route helper: the route walker test must flag it.
export async function GET(request: Request) {
  return Response.json({ path: new URL(request.url).pathname });
}
