// Progressive enhancement only: every page works without JavaScript.
import { initAll } from '../nhsuk/nhsuk-frontend.min.js'
initAll()

// A job page shows its progress; without JavaScript the person presses "Check progress" instead.
const poll = document.querySelector('[data-job-poll]')
if (poll) {
  const url = poll.getAttribute('data-job-poll')
  const bar = poll.querySelector('progress')
  const text = poll.querySelector('[data-job-text]')
  const tick = async () => {
    try {
      const response = await fetch(url, { headers: { Accept: 'application/json' }, credentials: 'same-origin' })
      if (!response.ok) return
      const job = await response.json()
      if (bar && job.progress_total) { bar.max = job.progress_total; bar.value = job.progress_done }
      if (text) text.textContent = `${job.status_display}: ${job.message || ''}`
      if (job.is_finished) { window.location.reload(); return }
    } catch (e) { return }
    setTimeout(tick, 2000)
  }
  setTimeout(tick, 2000)
}
