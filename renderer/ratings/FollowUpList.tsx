import { useTranslation } from 'react-i18next';
import type { BranchConfig } from '../../shared/config/schema.js';
import { useLang, useLocalized } from '../i18n/index.js';
import { formatClock } from '../ui/format.js';
import { useFollowUps } from './useRatingState.js';
import './ratings.css';

/** The lead's list of follow-ups opened by low ratings, newest first. */
export function FollowUpList({ config }: { config: BranchConfig }) {
  const { t, i18n } = useTranslation();
  const lang = useLang();
  const local = useLocalized();
  const { followUps } = useFollowUps();

  return (
    <section className="board__section" data-testid="lead-follow-ups" data-count={followUps?.length ?? ''}>
      <h2>{t('ratings.followUps.title')}</h2>
      {!followUps || followUps.length === 0 ? (
        <p className="muted">{t('ratings.followUps.none')}</p>
      ) : (
        <table className="board__table">
          <thead>
            <tr>
              <th>{t('ratings.followUps.time')}</th>
              <th>{t('ratings.followUps.window')}</th>
              <th>{t('ratings.followUps.teller')}</th>
              <th>{t('ratings.followUps.ticket')}</th>
              <th>{t('ratings.followUps.rating')}</th>
              <th>{t('ratings.followUps.status')}</th>
            </tr>
          </thead>
          <tbody>
            {followUps.slice(0, 50).map((f) => {
              const staff = config.staff.find((s) => s.id === f.tellerId);
              const statusKey = `ratings.followUps.statuses.${f.status}`;
              return (
                <tr key={f.id} data-testid={`follow-up-${f.ticketNumber}`} data-status={f.status}>
                  <td>{formatClock(new Date(f.rating.ratedAt), lang, config.hours.timezone)}</td>
                  <td>{t('common.windowN', { n: f.counter })}</td>
                  <td>
                    {staff ? (
                      <>
                        {local(staff.name)} <span className="muted">{t('common.badge', { badge: staff.badge })}</span>
                      </>
                    ) : (
                      f.tellerId
                    )}
                  </td>
                  <td>
                    <strong>{f.ticketNumber}</strong>
                  </td>
                  <td>
                    <span className="follow-ups__label">{f.rating.label[lang]}</span>
                  </td>
                  <td>
                    <span className="follow-ups__status">{i18n.exists(statusKey) ? t(statusKey as 'ratings.followUps.statuses.open') : f.status}</span>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}
