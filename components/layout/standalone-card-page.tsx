import type { ReactNode } from "react";
import { BrandMark } from "@/components/layout/brand-mark";
import { ThemeMenu } from "@/components/theme/theme-menu";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { cn } from "@/lib/ui/cn";

/** A page outside the signed-in shell (sign in, join by invite): the brand above one centred card. */
export function StandaloneCardPage({
  title,
  description,
  width = "sm",
  after,
  children,
}: {
  title: string;
  description: ReactNode;
  width?: "sm" | "md";
  /** Shown under the card. */
  after?: ReactNode;
  children: ReactNode;
}) {
  return (
    <div className="relative flex min-h-dvh flex-col items-center justify-center bg-surface px-4 py-12">
      <div className="absolute right-3 top-3">
        <ThemeMenu />
      </div>
      <div className={cn("flex w-full flex-col items-center gap-6", width === "sm" ? "max-w-sm" : "max-w-md")}>
        <div className="flex items-center gap-2.5 text-lg font-semibold tracking-tight">
          <BrandMark className="size-8" />
          NixFleet
        </div>
        <Card className="w-full">
          <CardHeader>
            <CardTitle>{title}</CardTitle>
            <CardDescription>{description}</CardDescription>
          </CardHeader>
          <CardContent>{children}</CardContent>
        </Card>
        {after}
      </div>
    </div>
  );
}
