/**
 * A modal's fields as it shows them (initial text, initial choice), as the values Slack would send if the person
 * submitted it without changing anything: the demo's `submit`.
 */
export function valuesAsShown(view: Record<string, unknown>): Record<string, Record<string, unknown>> {
  const values: Record<string, Record<string, unknown>> = {};
  for (const b of (view.blocks as Record<string, unknown>[] | undefined) ?? []) {
    const e = b.element as
      | { type?: string; action_id?: string; initial_value?: string; initial_option?: unknown }
      | undefined;
    if (b.type !== 'input' || !e?.type || !e.action_id) continue;
    values[String(b.block_id)] = {
      [e.action_id]:
        e.type === 'plain_text_input'
          ? { type: e.type, value: e.initial_value ?? '' }
          : { type: e.type, selected_option: e.initial_option ?? null },
    };
  }
  return values;
}
