import { IncomingMessage, ServerResponse } from 'node:http'
import { Socket } from 'node:net'
import { createEvent } from 'h3'
import { describe, expect, it } from 'vitest'
import { preferredLanguage } from '../../server/i18n/messages'

/** An h3 event for a request with these headers. */
function eventWith(headers: Record<string, string>) {
  const request = new IncomingMessage(new Socket())
  request.headers = headers
  return createEvent(request, new ServerResponse(request))
}

describe('preferredLanguage (the language of API messages and mails)', () => {
  it('speaks Chinese by default', () => {
    expect(preferredLanguage(eventWith({}))).toBe('zh')
    expect(preferredLanguage(eventWith({ 'accept-language': 'fr-FR,de;q=0.8' }))).toBe('zh')
  })

  it('follows Accept-Language without a choice', () => {
    expect(preferredLanguage(eventWith({ 'accept-language': 'en-GB,en;q=0.9' }))).toBe('en')
    expect(preferredLanguage(eventWith({ 'accept-language': 'zh-CN,zh;q=0.9,en;q=0.8' }))).toBe('zh')
    expect(preferredLanguage(eventWith({ 'accept-language': 'fr,en;q=0.5,zh;q=0.4' }))).toBe('en')
  })

  it('follows the language cookie of the pages first', () => {
    expect(preferredLanguage(eventWith({ 'accept-language': 'zh-CN', 'cookie': 'cw_lang=en' }))).toBe('en')
    expect(preferredLanguage(eventWith({ 'accept-language': 'en', 'cookie': 'a=1; cw_lang=zh-CN' }))).toBe('zh')
  })

  it('ignores a cookie that names no language of the site', () => {
    expect(preferredLanguage(eventWith({ 'accept-language': 'en', 'cookie': 'cw_lang=fr' }))).toBe('en')
  })
})
