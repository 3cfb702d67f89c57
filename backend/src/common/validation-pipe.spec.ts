import { expect } from '@jest/globals';
import { BadRequestException, ValidationPipe } from '@nestjs/common';
import { Type } from 'class-transformer';
import { IsArray, IsIn, IsString, Length, Matches, MaxLength, ValidateNested } from 'class-validator';
import { CodedValidationPipe } from './validation-pipe';

class ItemDto {
  @IsString()
  @MaxLength(5, { message: 'text must be at most 5 characters' })
  text!: string;
}

class FormDto {
  @Matches(/^[a-z]{3,}$/, { message: 'username must be 3 or more letters a-z' })
  username!: string;

  @Length(8, 128, { message: 'password must be 8 to 128 characters' })
  password!: string;

  @IsIn(['red', 'blue'], { message: 'color must be one of red, blue' })
  color!: string;

  @IsArray()
  @ValidateNested({ each: true })
  @Type(() => ItemDto)
  items!: ItemDto[];
}

const OPTIONS = { whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false };
const INVALID = { username: 'A', password: 'short', color: 'green', items: [{ text: 'fine' }, { text: 'far too long' }], extra: 1 };

async function refusal(pipe: ValidationPipe): Promise<Record<string, unknown>> {
  try {
    await pipe.transform(INVALID, { type: 'body', metatype: FormDto });
  } catch (error) {
    expect(error).toBeInstanceOf(BadRequestException);
    return (error as BadRequestException).getResponse() as Record<string, unknown>;
  }
  throw new Error('the body passed validation');
}

describe('CodedValidationPipe', () => {
  it('answers validation_failed with the field and the rule of every failure', async () => {
    const body = await refusal(new CodedValidationPipe(OPTIONS));
    expect(body.code).toBe('validation_failed');
    expect(body.fields).toEqual([
      { field: 'extra', rule: 'whitelistValidation', message: 'property extra should not exist' },
      { field: 'username', rule: 'matches', message: 'username must be 3 or more letters a-z' },
      { field: 'password', rule: 'isLength', message: 'password must be 8 to 128 characters' },
      { field: 'color', rule: 'isIn', message: 'color must be one of red, blue' },
      { field: 'items.1.text', rule: 'maxLength', message: 'items.1.text must be at most 5 characters' },
    ]);
  });

  it("keeps Nest's sentences in `message`, one per field entry", async () => {
    const coded = await refusal(new CodedValidationPipe(OPTIONS));
    const plain = await refusal(new ValidationPipe(OPTIONS));
    expect(coded.message).toEqual(plain.message);
    expect((coded.fields as { message: string }[]).map((field) => field.message)).toEqual(plain.message);
  });
});
