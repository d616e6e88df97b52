"use client";

import { useState, type ReactNode } from "react";
import { buttonClass } from "./button-styles";

/**
 * A destructive action asks once more, inline (no modal to lose focus in): the first click
 * shows what will happen and a "Yes, …" button; Escape or "Cancel" backs out.
 */
export function ConfirmButton({
  label,
  confirmLabel,
  question,
  onConfirm,
  disabled,
  tone = "danger",
}: {
  label: string;
  confirmLabel: string;
  question: ReactNode;
  onConfirm: () => void;
  disabled?: boolean;
  tone?: "danger" | "neutral";
}) {
  const [asking, setAsking] = useState(false);
  if (!asking) {
    return (
      <button type="button" className={buttonClass(tone)} disabled={disabled} onClick={() => setAsking(true)}>
        {label}
      </button>
    );
  }
  return (
    <div
      role="group"
      aria-label={`Confirm: ${label}`}
      className="flex flex-wrap items-center gap-2 rounded-md border border-amber-300 bg-amber-50 p-2 text-sm dark:border-amber-700 dark:bg-amber-950"
      onKeyDown={(event) => {
        if (event.key === "Escape") setAsking(false);
      }}
    >
      <span className="text-amber-950 dark:text-amber-100">{question}</span>
      <button
        type="button"
        autoFocus
        className={buttonClass("danger")}
        disabled={disabled}
        onClick={() => {
          setAsking(false);
          onConfirm();
        }}
      >
        {confirmLabel}
      </button>
      <button type="button" className={buttonClass("neutral")} onClick={() => setAsking(false)}>
        Cancel
      </button>
    </div>
  );
}
