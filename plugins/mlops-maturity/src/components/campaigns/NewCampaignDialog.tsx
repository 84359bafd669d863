import { FormEvent, useState } from 'react';
import MenuItem from '@material-ui/core/MenuItem';
import TextField from '@material-ui/core/TextField';
import { useApi, useTranslationRef } from '@backstage/frontend-plugin-api';
import {
  CampaignDefinition,
  CampaignScope,
} from '@mlops-maturity/backstage-plugin-mlops-maturity-common';
import { mlopsMaturityApiRef } from '../../api';
import { mlopsMaturityTranslationRef } from '../../translation';
import { FormDialog } from '../shared/FormDialog';

interface Form {
  id: string;
  title: string;
  goalKind: 'level' | 'check';
  level: string;
  check: string;
  domain: string;
  owner: string;
  lifecycle: string;
  flavor: '' | 'ml' | 'llm';
  deadline: string;
}

const EMPTY: Form = {
  id: '',
  title: '',
  goalKind: 'level',
  level: '2',
  check: '',
  domain: '',
  owner: '',
  lifecycle: '',
  flavor: '',
  deadline: '',
};

function toDefinition(form: Form): CampaignDefinition {
  const scope: CampaignScope = {};
  for (const field of ['domain', 'owner', 'lifecycle'] as const) {
    if (form[field].trim()) {
      scope[field] = form[field].trim();
    }
  }
  if (form.flavor) {
    scope.flavor = form.flavor;
  }
  return {
    id: form.id.trim(),
    title: form.title.trim(),
    scope,
    goal:
      form.goalKind === 'level'
        ? { level: Number(form.level) as 0 | 1 | 2 }
        : { check: form.check.trim() },
    deadline: form.deadline,
  };
}

/**
 * Creates a campaign through the API. The backend validates the whole definition and
 * checks the permission; its message is shown as it is, since it names the field.
 */
export function NewCampaignDialog(props: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) {
  const { open, onClose, onCreated } = props;
  const { t } = useTranslationRef(mlopsMaturityTranslationRef);
  const api = useApi(mlopsMaturityApiRef);
  const [form, setForm] = useState<Form>(EMPTY);
  const [error, setError] = useState<string>();
  const [saving, setSaving] = useState(false);

  const field = (name: keyof Form) => ({
    id: `mlops-maturity-new-campaign-${name}`,
    value: form[name],
    onChange: (event: { target: { value: unknown } }) =>
      setForm(current => ({ ...current, [name]: String(event.target.value) })),
    fullWidth: true,
    margin: 'dense' as const,
  });

  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setSaving(true);
    setError(undefined);
    try {
      await api.createCampaign(toDefinition(form));
      setForm(EMPTY);
      onCreated();
    } catch (e) {
      setError(t('campaigns.create.failed', { message: (e as Error).message }));
    } finally {
      setSaving(false);
    }
  };

  return (
    <FormDialog
      id="mlops-maturity-new-campaign"
      title={t('campaigns.create.title')}
      open={open}
      onClose={onClose}
      onSubmit={submit}
      submitLabel={t('campaigns.create.submit')}
      cancelLabel={t('campaigns.create.cancel')}
      error={error}
      busy={saving}
    >
      <TextField
        {...field('id')}
        label={t('campaigns.create.id')}
        helperText={t('campaigns.create.idHelp')}
        required
      />
      <TextField
        {...field('title')}
        label={t('campaigns.create.titleField')}
        required
      />
      <TextField
        {...field('goalKind')}
        select
        label={t('campaigns.create.goalKind')}
      >
        <MenuItem value="level">{t('campaigns.create.goalLevel')}</MenuItem>
        <MenuItem value="check">{t('campaigns.create.goalCheck')}</MenuItem>
      </TextField>
      {form.goalKind === 'level' ? (
        <TextField
          {...field('level')}
          select
          label={t('campaigns.create.level')}
        >
          {['0', '1', '2'].map(level => (
            <MenuItem key={level} value={level}>
              {level}
            </MenuItem>
          ))}
        </TextField>
      ) : (
        <TextField
          {...field('check')}
          label={t('campaigns.create.check')}
          required
        />
      )}
      <TextField {...field('domain')} label={t('campaigns.create.domain')} />
      <TextField {...field('owner')} label={t('campaigns.create.owner')} />
      <TextField
        {...field('lifecycle')}
        label={t('campaigns.create.lifecycle')}
      />
      <TextField
        {...field('flavor')}
        select
        label={t('campaigns.create.flavor')}
        // "ML and LLM" is the empty value: show it, with the label above.
        SelectProps={{ displayEmpty: true }}
        InputLabelProps={{ shrink: true }}
      >
        <MenuItem value="">{t('campaigns.create.flavorAny')}</MenuItem>
        <MenuItem value="ml">ML</MenuItem>
        <MenuItem value="llm">LLM</MenuItem>
      </TextField>
      <TextField
        {...field('deadline')}
        type="date"
        label={t('campaigns.create.deadline')}
        InputLabelProps={{ shrink: true }}
        required
      />
    </FormDialog>
  );
}
