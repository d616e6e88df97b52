/** The outcome line of an alerts form: a status for success, an alert for a refusal. */
export type Message = { kind: "ok" | "error"; text: string } | null;

export function ActionMessage({ message }: { message: Message }) {
  if (!message) return null;
  return (
    <p
      role={message.kind === "error" ? "alert" : "status"}
      className={`rounded-md px-3 py-2 text-sm ${message.kind === "error" ? "bg-red-50 text-red-800 dark:bg-red-950 dark:text-red-200" : "bg-emerald-50 text-emerald-900 dark:bg-emerald-950 dark:text-emerald-200"}`}
    >
      {message.text}
    </p>
  );
}
