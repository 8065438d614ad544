'use client';

import Form from '@rjsf/core';
import type { RJSFSchema, UiSchema } from '@rjsf/utils';
import validator from '@rjsf/validator-ajv8';
import { useMemo } from 'react';
import './schema-form.css';

/**
 * A tool's input form, generated from its JSON Schema by react-jsonschema-form and checked with ajv
 * before the call goes out. `$schema` is dropped: tools declare 2020-12, whose keywords a form needs
 * are the same in the draft ajv's default build understands.
 */
export function SchemaForm({
  schema,
  formData,
  onChange,
  onSubmit,
  busy,
  idPrefix,
}: {
  schema: Record<string, unknown> | undefined;
  formData: Record<string, unknown>;
  onChange: (data: Record<string, unknown>) => void;
  onSubmit: (data: Record<string, unknown>) => void;
  busy: boolean;
  idPrefix: string;
}) {
  const formSchema = useMemo(() => {
    const { $schema: _ignored, ...rest } = schema ?? {};
    return { type: 'object', ...rest } as RJSFSchema;
  }, [schema]);
  const uiSchema: UiSchema = {
    'ui:submitButtonOptions': {
      submitText: busy ? 'Calling…' : 'Call',
      props: { className: 'btn-primary', disabled: busy },
    },
  };
  return (
    <Form
      className="schema-form"
      schema={formSchema}
      uiSchema={uiSchema}
      validator={validator}
      formData={formData}
      idPrefix={idPrefix}
      showErrorList={false}
      noHtml5Validate
      onChange={(e) => onChange((e.formData ?? {}) as Record<string, unknown>)}
      onSubmit={(e) => onSubmit((e.formData ?? {}) as Record<string, unknown>)}
      // The errors show next to their fields; without a handler the library logs them to the console.
      onError={() => {}}
    />
  );
}
